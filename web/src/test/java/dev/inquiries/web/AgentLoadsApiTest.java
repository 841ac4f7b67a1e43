package dev.inquiries.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import dev.inquiries.domain.Roles;
import dev.inquiries.domain.RoutingMethod;
import dev.inquiries.persistence.AgentRepository;
import dev.inquiries.persistence.RoutingRepository;
import dev.inquiries.persistence.UnitRepository;
import dev.inquiries.persistence.UserRepository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code GET livechat/agents.loads}, this service's own: its body byte for byte (every agent by username, its open
 * chats against its capacity, its enabled departments, the routing method), capacity from the agent's own limit
 * else the desk's while a department's limit leaves it as it is, what a restricted monitor sees, and its 400, 401,
 * 403 and 405.
 */
class AgentLoadsApiTest {

    private static final String LOADS = InquiriesServer.LIVECHAT_API + "/agents.loads";

    @RegisterExtension
    static final ApiServerExtension API = ApiServerExtension.onTestDatabase();

    private static List<String> manager;
    private static List<String> restrictedMonitor;
    private static Map<String, String> ids;

    private final RawHttp http = API.http();
    private final RoutingRepository routing = new RoutingRepository(API.database());

    @BeforeAll
    static void arrange() {
        API.department("d1", "Support").department("d2", "Sales").department("d3", "Billing");
        // Inserted out of the order the body lists them in.
        UserRepository users = new UserRepository(API.database());
        users.add("zoe", null, List.of(Roles.LIVECHAT_AGENT));
        users.add("carla", null, List.of(Roles.LIVECHAT_AGENT));
        users.add("bob", null, List.of(Roles.LIVECHAT_AGENT));
        users.add("ann", null, List.of(Roles.LIVECHAT_AGENT, Roles.USER));
        manager = API.loginWithRoles("mia", Roles.LIVECHAT_MANAGER);
        restrictedMonitor = API.loginWithRoles("mona", Roles.LIVECHAT_MONITOR);
        AgentRepository agents = new AgentRepository(API.database());
        agents.add("ann", "d1");
        agents.add("ann", "d2");
        agents.add("bob", "d2");
        agents.add("zoe", "d3");
        new UnitRepository(API.database()).add("North", List.of("d2"), List.of("mona"));
        ids = API.jdbi().withHandle(handle -> handle.createQuery("SELECT username, id FROM users")
                .map((row, context) -> Map.entry(row.getString("username"), row.getString("id")))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
        API.jdbi().useHandle(handle -> {
            handle.execute("UPDATE users SET name = 'Ann Arbor' WHERE username = 'ann'");
            handle.execute("UPDATE users SET status_livechat = 'not-available' WHERE username = 'carla'");
            // Billing is disabled: zoe is no member of it for any rule, and its queued chat stays queued.
            handle.execute("UPDATE departments SET enabled = false WHERE id = 'd3'");
            // ann serves two chats (one of each department), bob one; a closed and a queued chat count for nobody.
            for (List<String> chat : List.of(List.of("c1", "d1", "ann"), List.of("c2", "d2", "ann"),
                    List.of("c3", "d2", "bob"))) {
                handle.execute("INSERT INTO inquiries (id, rid, name, ts, status, department_id, taken_by, taken_at)"
                        + " VALUES (?, ?, ?, now(), 'taken', ?, ?, now())",
                        chat.get(0), "room-" + chat.get(0), "Visitor " + chat.get(0), chat.get(1), ids.get(chat.get(2)));
            }
            handle.execute("INSERT INTO inquiries (id, rid, name, ts, status, department_id, taken_by, taken_at,"
                    + " closed_at, closer) VALUES ('c4', 'room-c4', 'Closed', now(), 'closed', 'd2', ?, now(), now(),"
                    + " 'visitor')", ids.get("bob"));
        });
        API.inquiry("q1", "Waiting", Instant.parse("2026-01-01T00:00:00Z"), "queued", "d3");
    }

    @AfterEach
    void restoreTheLimits() {
        routing.set(Optional.of(RoutingMethod.MANUAL_SELECTION), OptionalInt.of(0));
        routing.setAgentLimit("bob", 0);
        routing.setDepartmentLimit("d1", 0);
    }

    @Test
    void showsEveryAgentByUsernameWithItsOpenChatsItsDepartmentsAndNoLimit() {
        RawHttp.Response response = http.get(LOADS, manager);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Content-Type")).isEqualTo("application/json");
        assertThat(response.body()).isEqualTo("{\"agents\":["
                + agent("ann", ",\"name\":\"Ann Arbor\"", "available", 2, "null",
                        "{\"_id\":\"d2\",\"name\":\"Sales\"},{\"_id\":\"d1\",\"name\":\"Support\"}") + ","
                + agent("bob", "", "available", 1, "null", "{\"_id\":\"d2\",\"name\":\"Sales\"}") + ","
                + agent("carla", "", "not-available", 0, "null", "") + ","
                + agent("zoe", "", "available", 0, "null", "") + "],"
                + "\"routingMethod\":\"Manual_Selection\",\"success\":true}");
    }

    @Test
    void takesTheCapacityFromTheAgentsOwnLimitElseTheDesksAndShowsTheRoutingMethod() {
        routing.set(Optional.of(RoutingMethod.LOAD_BALANCING), OptionalInt.of(3));
        routing.setAgentLimit("bob", 1);

        String body = http.get(LOADS, manager).body();

        // bob's own limit stands even below the desk's; the others have the desk's.
        assertThat(capacities(body)).isEqualTo("ann=2/3 bob=1/1 carla=0/3 zoe=0/3");
        assertThat(body).endsWith(",\"routingMethod\":\"Load_Balancing\",\"success\":true}");
        assertThat(API.count("SELECT count(*) FROM inquiries WHERE id = 'q1' AND status = 'queued'")).isEqualTo(1);
    }

    @Test
    void aDepartmentsLimitDoesNotChangeTheAgentsCapacity() {
        routing.setDepartmentLimit("d1", 1);
        assertThat(capacities(http.get(LOADS, manager).body())).isEqualTo("ann=2/null bob=1/null carla=0/null zoe=0/null");

        routing.set(Optional.empty(), OptionalInt.of(4));
        assertThat(capacities(http.get(LOADS, manager).body())).isEqualTo("ann=2/4 bob=1/4 carla=0/4 zoe=0/4");
    }

    @Test
    void showsARestrictedMonitorOnlyTheAgentsAndDepartmentsOfItsUnits() {
        RawHttp.Response response = http.get(LOADS, restrictedMonitor);

        assertThat(response.status()).isEqualTo(200);
        // ann serves a Support chat too: her load is hers, whoever looks; Support is not named to mona.
        assertThat(response.body()).isEqualTo("{\"agents\":["
                + agent("ann", ",\"name\":\"Ann Arbor\"", "available", 2, "null", "{\"_id\":\"d2\",\"name\":\"Sales\"}")
                + "," + agent("bob", "", "available", 1, "null", "{\"_id\":\"d2\",\"name\":\"Sales\"}") + "],"
                + "\"routingMethod\":\"Manual_Selection\",\"success\":true}");
    }

    @Test
    void showsAMonitorOfNoUnitAndAnAdminEveryAgent() {
        for (List<String> overseer : List.of(API.loginWithRoles("moe", Roles.LIVECHAT_MONITOR),
                API.loginWithRoles("root", Roles.ADMIN))) {
            RawHttp.Response response = http.get(LOADS, overseer);
            assertThat(response.status()).isEqualTo(200);
            assertThat(capacities(response.body())).isEqualTo("ann=2/null bob=1/null carla=0/null zoe=0/null");
        }
    }

    @Test
    void answersTheRoutingMethodWhenTheViewerSeesNoAgent() {
        List<String> lonelyMonitor = API.loginWithRoles("lou", Roles.LIVECHAT_MONITOR);
        new UnitRepository(API.database()).add("Empty", List.of("d3"), List.of("lou"));

        RawHttp.Response response = http.get(LOADS, lonelyMonitor);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"agents\":[],\"routingMethod\":\"Manual_Selection\",\"success\":true}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"?bogus=1", "?department=d1", "?count=10"})
    void refusesEveryParameter(String query) {
        RawHttp.Response response = http.get(LOADS + query, manager);

        String name = query.substring(1, query.indexOf('='));
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body()).isEqualTo("{\"success\":false,\"error\":\"Unknown parameter \\\"" + name
                + "\\\"; this endpoint takes no parameters [invalid-params]\",\"errorType\":\"invalid-params\"}");
    }

    @Test
    void showsLoadsOnlyToThoseWhoWatchTheDeskAndBeforeLookingAtTheParameters() {
        // An agent holds view-l-room, not view-livechat-manager.
        for (List<String> ungranted : List.of(ApiServerExtension.headers(API.token("ann")),
                API.loginWithRoles("plain", Roles.USER))) {
            RawHttp.Response forbidden = http.get(LOADS + "?bogus=1", ungranted);
            assertThat(forbidden.status()).isEqualTo(403);
            assertThat(forbidden.body()).isEqualTo(InquiriesListAuthTest.FORBIDDEN);
        }
        RawHttp.Response unauthorized = http.get(LOADS, List.of());
        assertThat(unauthorized.status()).isEqualTo(401);
        assertThat(unauthorized.body()).isEqualTo(InquiriesListAuthTest.UNAUTHORIZED);
        assertThat(http.send("POST", LOADS, manager).status()).isEqualTo(405);
    }

    private static String agent(String username, String name, String status, int openChats, String capacity,
                                String departments) {
        return "{\"_id\":\"" + ids.get(username) + "\",\"username\":\"" + username + "\"" + name
                + ",\"statusLivechat\":\"" + status + "\",\"openChats\":" + openChats + ",\"capacity\":" + capacity
                + ",\"departments\":[" + departments + "]}";
    }

    /** {@code username=openChats/capacity} of each agent in the body, in its order. */
    private static String capacities(String body) {
        return Pattern.compile("\"username\":\"([^\"]+)\"[^{]*?\"openChats\":(\\d+),\"capacity\":(\\w+)")
                .matcher(body).results()
                .map(match -> match.group(1) + "=" + match.group(2) + "/" + match.group(3))
                .collect(Collectors.joining(" "));
    }
}
