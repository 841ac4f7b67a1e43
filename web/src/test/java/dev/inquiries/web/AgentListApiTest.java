package dev.inquiries.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import dev.inquiries.domain.Roles;
import dev.inquiries.persistence.UserRepository;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code GET livechat/users/agent}: its body byte for byte, each filter, paging and sort with the exact total, and
 * its 400, 401 and 403. Only holders of {@code transfer-livechat-guest} may list agents.
 */
class AgentListApiTest {

    private static final String AGENTS = InquiriesServer.LIVECHAT_API + "/users/agent";

    @RegisterExtension
    static final ApiServerExtension API = ApiServerExtension.onTestDatabase();

    private static List<String> manager;
    private static Map<String, String> ids;

    private final RawHttp http = API.http();

    @BeforeAll
    static void arrange() {
        // Inserted out of every order the tests ask for.
        UserRepository users = new UserRepository(API.database());
        users.add("carla", null, List.of(Roles.LIVECHAT_AGENT), "carla@example.com");
        users.add("zoe", null, List.of(Roles.LIVECHAT_AGENT, Roles.USER));
        users.add("bob", null, List.of(Roles.LIVECHAT_AGENT));
        users.add("ann", null, List.of(Roles.LIVECHAT_AGENT));
        manager = API.loginWithRoles("mia", Roles.LIVECHAT_MANAGER);
        API.jdbi().useHandle(handle -> {
            handle.execute("UPDATE users SET name = 'Carla Anders' WHERE username = 'carla'");
            handle.execute("UPDATE users SET name = 'Anna Zimmer' WHERE username = 'zoe'");
            handle.execute("UPDATE users SET name = 'Bob Brandt', status_livechat = 'not-available' WHERE username = 'bob'");
        });
        ids = API.jdbi().withHandle(handle -> handle.createQuery("SELECT username, id FROM users")
                .map((row, context) -> Map.entry(row.getString("username"), row.getString("id")))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
    }

    @Test
    void listsEveryAgentByNameTheNamelessFirst() {
        RawHttp.Response response = http.get(AGENTS, manager);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Content-Type")).isEqualTo("application/json");
        assertThat(response.body()).isEqualTo("{\"users\":[" + ann() + "," + zoe() + "," + bob() + "," + carla() + "],"
                + "\"count\":4,\"offset\":0,\"total\":4,\"success\":true}");
    }

    @Test
    void findsPartOfTheUsernameOrTheNameWithoutRegardToCase() {
        assertThat(http.get(AGENTS + "?text=ANN", manager).body()).isEqualTo("{\"users\":[" + ann() + "," + zoe() + "],"
                + "\"count\":2,\"offset\":0,\"total\":2,\"success\":true}");
        assertThat(http.get(AGENTS + "?text=brAnd", manager).body()).isEqualTo("{\"users\":[" + bob() + "],"
                + "\"count\":1,\"offset\":0,\"total\":1,\"success\":true}");
        assertThat(http.get(AGENTS + "?text=mia", manager).body())
                .isEqualTo("{\"users\":[],\"count\":0,\"offset\":0,\"total\":0,\"success\":true}");
        assertThat(http.get(AGENTS + "?text=%00", manager).body())
                .isEqualTo("{\"users\":[],\"count\":0,\"offset\":0,\"total\":0,\"success\":true}");
    }

    @Test
    void listsOnlyTheAvailableAndLeavesOutTheOneExcluded() {
        assertThat(http.get(AGENTS + "?onlyAvailable=true", manager).body()).isEqualTo("{\"users\":["
                + ann() + "," + zoe() + "," + carla() + "],\"count\":3,\"offset\":0,\"total\":3,\"success\":true}");
        assertThat(http.get(AGENTS + "?onlyAvailable=true&excludeId=" + ids.get("zoe"), manager).body())
                .isEqualTo("{\"users\":[" + ann() + "," + carla() + "],\"count\":2,\"offset\":0,\"total\":2,\"success\":true}");
        assertThat(http.get(AGENTS + "?onlyAvailable=false&excludeId=nobody", manager).body()).contains("\"total\":4");
    }

    @Test
    void showsAnAgentsOwnLimitOfOpenChatsAsRocketChatsMaxNumberSimultaneousChat() {
        API.jdbi().useHandle(handle -> handle.execute("UPDATE users SET livechat_max_chats = 3 WHERE username = 'carla'"));
        try {
            assertThat(http.get(AGENTS + "?text=carla", manager).body()).isEqualTo("{\"users\":["
                    + carla().substring(0, carla().length() - 1) + ",\"livechat\":{\"maxNumberSimultaneousChat\":3}}],"
                    + "\"count\":1,\"offset\":0,\"total\":1,\"success\":true}");
        } finally {
            API.jdbi().useHandle(handle -> handle.execute("UPDATE users SET livechat_max_chats = 0 WHERE username = 'carla'"));
        }
    }

    @Test
    void pagesInTheOrderAskedWithTheTotalOfAllPages() {
        assertThat(http.get(AGENTS + "?sort=" + sort("{\"username\":-1}") + "&count=2&offset=1", manager).body())
                .isEqualTo("{\"users\":[" + carla() + "," + bob() + "],\"count\":2,\"offset\":1,\"total\":4,\"success\":true}");
        assertThat(http.get(AGENTS + "?sort=" + sort("{\"statusLivechat\":-1,\"username\":1}"), manager).body())
                .isEqualTo("{\"users\":[" + bob() + "," + ann() + "," + carla() + "," + zoe() + "],"
                        + "\"count\":4,\"offset\":0,\"total\":4,\"success\":true}");
        assertThat(http.get(AGENTS + "?offset=10", manager).body())
                .isEqualTo("{\"users\":[],\"count\":0,\"offset\":10,\"total\":4,\"success\":true}");
    }

    @Test
    void breaksTiesByIdInTheDirectionOfTheLastKey() {
        List<String> byId = List.of("ann", "bob", "carla", "zoe").stream().map(ids::get).sorted().toList();

        String body = http.get(AGENTS + "?sort=" + sort("{\"_id\":-1}"), manager).body();
        String available = http.get(AGENTS + "?onlyAvailable=true&sort=" + sort("{\"statusLivechat\":1}"), manager).body();

        assertThat(idsIn(body)).containsExactlyElementsOf(byId.reversed());
        assertThat(idsIn(available)).containsExactlyElementsOf(byId.stream().filter(id -> !id.equals(ids.get("bob"))).toList());
    }

    @ParameterizedTest
    @ValueSource(strings = {"?bogus=1", "?showIdleAgents=true", "?onlyAvailable=yes", "?count=-1", "?text=a&text=b"})
    void refusesParametersItDoesNotKnow(String query) {
        RawHttp.Response response = http.get(AGENTS + query, manager);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body()).startsWith("{\"success\":false,\"error\":\"").endsWith(
                " [invalid-params]\",\"errorType\":\"invalid-params\"}");
    }

    @Test
    void refusesASortByAFieldThatIsNotAnAgents() {
        RawHttp.Response response = http.get(AGENTS + "?sort=" + sort("{\"emails\":1}"), manager);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body()).isEqualTo("{\"success\":false,\"error\":\"Invalid sort parameter provided: "
                + "\\\"{\\\"emails\\\":1}\\\" [error-invalid-sort]\",\"errorType\":\"error-invalid-sort\"}");
    }

    @Test
    void listsAgentsOnlyForThoseWhoMayForwardChatsAndBeforeLookingAtTheParameters() {
        assertThat(http.get(AGENTS, API.loginWithRoles("root", Roles.ADMIN)).status()).isEqualTo(200);
        assertThat(http.get(AGENTS, API.loginWithRoles("moe", Roles.LIVECHAT_MONITOR)).status()).isEqualTo(200);
        // An agent holds view-l-room, not transfer-livechat-guest.
        for (List<String> ungranted : List.of(ApiServerExtension.headers(API.token("ann")),
                API.loginWithRoles("plain", Roles.USER))) {
            RawHttp.Response forbidden = http.get(AGENTS + "?bogus=1", ungranted);
            assertThat(forbidden.status()).isEqualTo(403);
            assertThat(forbidden.body()).isEqualTo(InquiriesListAuthTest.FORBIDDEN);
        }
        RawHttp.Response unauthorized = http.get(AGENTS, List.of());
        assertThat(unauthorized.status()).isEqualTo(401);
        assertThat(unauthorized.body()).isEqualTo(InquiriesListAuthTest.UNAUTHORIZED);
        assertThat(http.send("POST", AGENTS, manager).status()).isEqualTo(405);
    }

    private static String ann() {
        return "{\"_id\":\"" + ids.get("ann") + "\",\"username\":\"ann\",\"statusLivechat\":\"available\"}";
    }

    private static String bob() {
        return "{\"_id\":\"" + ids.get("bob") + "\",\"username\":\"bob\",\"name\":\"Bob Brandt\","
                + "\"statusLivechat\":\"not-available\"}";
    }

    private static String carla() {
        return "{\"_id\":\"" + ids.get("carla") + "\",\"username\":\"carla\",\"name\":\"Carla Anders\","
                + "\"statusLivechat\":\"available\",\"emails\":[{\"address\":\"carla@example.com\",\"verified\":true}]}";
    }

    private static String zoe() {
        return "{\"_id\":\"" + ids.get("zoe") + "\",\"username\":\"zoe\",\"name\":\"Anna Zimmer\","
                + "\"statusLivechat\":\"available\"}";
    }

    private static String sort(String json) {
        return URLEncoder.encode(json, StandardCharsets.UTF_8);
    }

    private static List<String> idsIn(String body) {
        return Pattern.compile("\"_id\":\"([^\"]+)\"").matcher(body).results()
                .map(match -> match.group(1)).toList();
    }
}
