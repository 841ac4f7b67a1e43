package dev.inquiries.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import dev.inquiries.domain.Roles;
import dev.inquiries.persistence.AgentRepository;
import dev.inquiries.persistence.DepartmentRepository;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code livechat/department}, {@code livechat/agents/:agentId/departments} and {@code livechat/agent.status}:
 * their bodies byte for byte, and each one's 400, 401 and 403.
 */
class DepartmentsAndAgentsApiTest {

    private static final String DEPARTMENTS = InquiriesServer.LIVECHAT_API + "/department";
    private static final String STATUS = InquiriesServer.LIVECHAT_API + "/agent.status";
    private static final String NOT_FOUND =
            "{\"success\":false,\"error\":\"Agent not found [error-not-found]\",\"errorType\":\"error-not-found\"}";

    @RegisterExtension
    static final ApiServerExtension API = ApiServerExtension.onTestDatabase();

    private static List<String> admin;
    private static List<String> ann;
    private static String annId;

    private final RawHttp http = API.http();

    @BeforeAll
    static void arrange() {
        // Inserted out of name order, so that the default order has something to do.
        API.department("d-s", "Sales").department("d-a", "Accounts").department("d-b", "Billing");
        admin = API.loginWithRoles("root", Roles.ADMIN);
        ann = API.loginWithRoles("ann", Roles.LIVECHAT_AGENT);
        API.loginWithRoles("ben", Roles.LIVECHAT_AGENT);
        AgentRepository agents = new AgentRepository(API.database());
        agents.add("ann", "d-b");
        agents.add("ann", "Accounts");
        agents.add("ben", "d-b");
        new DepartmentRepository(API.database()).setEnabled("d-a", false);
        annId = API.jdbi().withHandle(handle -> handle.createQuery("SELECT id FROM users WHERE username = 'ann'")
                .mapTo(String.class).one());
    }

    @Test
    void listsEveryDepartmentByNameWithItsCountingAgents() {
        RawHttp.Response response = http.get(DEPARTMENTS, admin);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Content-Type")).isEqualTo("application/json");
        assertThat(response.body()).isEqualTo("{\"departments\":["
                + "{\"_id\":\"d-a\",\"name\":\"Accounts\",\"enabled\":false,\"numAgents\":0},"
                + "{\"_id\":\"d-b\",\"name\":\"Billing\",\"enabled\":true,\"numAgents\":2},"
                + "{\"_id\":\"d-s\",\"name\":\"Sales\",\"enabled\":true,\"numAgents\":0}],"
                + "\"count\":3,\"offset\":0,\"total\":3,\"success\":true}");
    }

    @Test
    void filtersByPartOfTheNameAndEnabledAndPagesInTheOrderAsked() {
        assertThat(http.get(DEPARTMENTS + "?text=LES", admin).body())
                .isEqualTo("{\"departments\":[{\"_id\":\"d-s\",\"name\":\"Sales\",\"enabled\":true,\"numAgents\":0}],"
                        + "\"count\":1,\"offset\":0,\"total\":1,\"success\":true}");
        assertThat(http.get(DEPARTMENTS + "?enabled=true&sort=%7B%22_id%22%3A-1%7D&count=1&offset=1", admin).body())
                .isEqualTo("{\"departments\":[{\"_id\":\"d-b\",\"name\":\"Billing\",\"enabled\":true,\"numAgents\":2}],"
                        + "\"count\":1,\"offset\":1,\"total\":2,\"success\":true}");
        assertThat(http.get(DEPARTMENTS + "?sort=%7B%22enabled%22%3A1%2C%22name%22%3A-1%7D", admin).body())
                .startsWith("{\"departments\":[{\"_id\":\"d-a\"").contains("},{\"_id\":\"d-s\"");
    }

    @Test
    void showsAnAgentOnlyItsEnabledDepartmentsWhenItAsksForItsOwn() {
        RawHttp.Response response = http.get(DEPARTMENTS + "?onlyMyDepartments=true", ann);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body())
                .isEqualTo("{\"departments\":[{\"_id\":\"d-b\",\"name\":\"Billing\",\"enabled\":true,\"numAgents\":2}],"
                        + "\"count\":1,\"offset\":0,\"total\":1,\"success\":true}");
        assertThat(http.get(DEPARTMENTS + "?onlyMyDepartments=true", admin).body()).contains("\"total\":3");
        assertThat(http.get(DEPARTMENTS, ann).body()).contains("\"total\":3");
    }

    @ParameterizedTest
    @ValueSource(strings = {"?bogus=1", "?enabled=yes", "?count=-1", "?text=a&text=b"})
    void refusesParametersItDoesNotKnow(String query) {
        RawHttp.Response response = http.get(DEPARTMENTS + query, admin);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body()).startsWith("{\"success\":false,\"error\":\"").endsWith(
                " [invalid-params]\",\"errorType\":\"invalid-params\"}");
    }

    @Test
    void refusesASortByAFieldThatIsNotADepartments() {
        RawHttp.Response response = http.get(DEPARTMENTS + "?sort=%7B%22ts%22%3A1%7D", admin);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body()).isEqualTo("{\"success\":false,\"error\":\"Invalid sort parameter provided: "
                + "\\\"{\\\"ts\\\":1}\\\" [error-invalid-sort]\",\"errorType\":\"error-invalid-sort\"}");
    }

    @Test
    void listsDepartmentsOnlyForTheGrantedAndTheLoggedIn() {
        assertThat(http.get(DEPARTMENTS, API.loginWithRoles("monitor", Roles.LIVECHAT_MONITOR)).status()).isEqualTo(200);
        RawHttp.Response forbidden = http.get(DEPARTMENTS + "?bogus=1", API.loginWithRoles("plain", Roles.USER));
        assertThat(forbidden.status()).isEqualTo(403);
        assertThat(forbidden.body()).isEqualTo(InquiriesListAuthTest.FORBIDDEN);
        RawHttp.Response unauthorized = http.get(DEPARTMENTS, List.of());
        assertThat(unauthorized.status()).isEqualTo(401);
        assertThat(unauthorized.body()).isEqualTo(InquiriesListAuthTest.UNAUTHORIZED);
    }

    @Test
    void listsAnAgentsMembershipsAllOrThoseThatCount() {
        String path = InquiriesServer.LIVECHAT_API + "/agents/" + annId + "/departments";
        List<String> ids = API.jdbi().withHandle(handle -> handle.createQuery(
                "SELECT id FROM department_agents WHERE user_id = :user ORDER BY department_id")
                .bind("user", annId).mapTo(String.class).list());

        RawHttp.Response all = http.get(path, API.loginWithRoles("colleague", Roles.LIVECHAT_AGENT));

        assertThat(all.status()).isEqualTo(200);
        String accounts = "{\"_id\":\"" + ids.get(0) + "\",\"departmentId\":\"d-a\",\"departmentName\":\"Accounts\","
                + "\"agentId\":\"" + annId + "\",\"username\":\"ann\",\"departmentEnabled\":false}";
        String billing = "{\"_id\":\"" + ids.get(1) + "\",\"departmentId\":\"d-b\",\"departmentName\":\"Billing\","
                + "\"agentId\":\"" + annId + "\",\"username\":\"ann\",\"departmentEnabled\":true}";
        assertThat(all.body()).isEqualTo("{\"departments\":[" + accounts + "," + billing + "],\"success\":true}");
        assertThat(http.get(path + "?enabledDepartmentsOnly=true", ann).body())
                .isEqualTo("{\"departments\":[" + billing + "],\"success\":true}");
        assertThat(http.get(InquiriesServer.LIVECHAT_API + "/agents/nobody/departments", ann).body())
                .isEqualTo("{\"departments\":[],\"success\":true}");
    }

    @Test
    void refusesAnAgentsDepartmentsToTheBadlyAskingTheUngrantedAndTheLoggedOut() {
        String path = InquiriesServer.LIVECHAT_API + "/agents/" + annId + "/departments";

        RawHttp.Response bad = http.get(path + "?enabledDepartmentsOnly=maybe", ann);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).endsWith("[invalid-params]\",\"errorType\":\"invalid-params\"}");
        assertThat(http.get(path, API.loginWithRoles("outsider", Roles.USER)).body())
                .isEqualTo(InquiriesListAuthTest.FORBIDDEN);
        assertThat(http.get(path, List.of()).status()).isEqualTo(401);
    }

    @Test
    void togglesTheCallersOwnStatusOrSetsTheOneGiven() {
        List<String> cat = agent("cat");

        RawHttp.Response toggled = http.postJson(STATUS, cat, "{}");

        assertThat(toggled.status()).isEqualTo(200);
        assertThat(toggled.body()).isEqualTo("{\"status\":\"not-available\",\"success\":true}");
        assertThat(http.postJson(STATUS, cat, "{}").body()).isEqualTo("{\"status\":\"available\",\"success\":true}");
        assertThat(http.postJson(STATUS, cat, "{\"status\":\"available\"}").body())
                .isEqualTo("{\"status\":\"available\",\"success\":true}");
        assertThat(API.count("SELECT count(*) FROM users WHERE username = 'cat' AND status_livechat = 'available'"))
                .isEqualTo(1);
    }

    @Test
    void setsAnotherAgentsStatusOnlyWithManageLivechatAgents() {
        agent("dan");
        String danId = API.jdbi().withHandle(handle -> handle.createQuery("SELECT id FROM users WHERE username = 'dan'")
                .mapTo(String.class).one());
        String body = "{\"status\":\"not-available\",\"agentId\":\"" + danId + "\"}";

        RawHttp.Response forbidden = http.postJson(STATUS, agent("eve"), body);
        assertThat(forbidden.status()).isEqualTo(403);
        assertThat(forbidden.body()).isEqualTo(InquiriesListAuthTest.FORBIDDEN);

        RawHttp.Response managed = http.postJson(STATUS, API.loginWithRoles("boss", Roles.LIVECHAT_MANAGER), body);
        assertThat(managed.status()).isEqualTo(200);
        assertThat(managed.body()).isEqualTo("{\"status\":\"not-available\",\"success\":true}");
    }

    @Test
    void answersNotFoundForAnUnknownOrNonAgentAgentId() {
        List<String> manager = API.loginWithRoles("chief", Roles.LIVECHAT_MANAGER);
        String rootId = API.jdbi().withHandle(handle -> handle.createQuery("SELECT id FROM users WHERE username = 'root'")
                .mapTo(String.class).one());

        RawHttp.Response unknown = http.postJson(STATUS, manager, "{\"agentId\":\"nobody\"}");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.body()).isEqualTo(NOT_FOUND);
        assertThat(http.postJson(STATUS, manager, "{\"agentId\":\"" + rootId + "\"}").body()).isEqualTo(NOT_FOUND);
        assertThat(http.postJson(STATUS, manager, "{}").body()).isEqualTo(NOT_FOUND);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"status\":\"away\"}", "{\"state\":\"available\"}", "{\"agentId\":7}", "[]", "{"})
    void refusesABodyThatIsNotAStatusRequest(String body) {
        RawHttp.Response response = http.postJson(STATUS, ann, body);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body()).endsWith("[invalid-params]\",\"errorType\":\"invalid-params\"}");
    }

    @Test
    void refusesStatusChangesToTheUngrantedAndTheLoggedOut() {
        RawHttp.Response forbidden = http.postJson(STATUS, API.loginWithRoles("visitor", Roles.USER), "{}");
        assertThat(forbidden.status()).isEqualTo(403);
        assertThat(forbidden.body()).isEqualTo(InquiriesListAuthTest.FORBIDDEN);
        RawHttp.Response unauthorized = http.postJson(STATUS, List.of(), "{}");
        assertThat(unauthorized.status()).isEqualTo(401);
        assertThat(unauthorized.body()).isEqualTo(InquiriesListAuthTest.UNAUTHORIZED);
    }

    private static List<String> agent(String username) {
        return API.loginWithRoles(username, Roles.LIVECHAT_AGENT);
    }
}
