package dev.inquiries.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.inquiries.domain.Roles;
import dev.inquiries.persistence.AgentRepository;
import dev.inquiries.persistence.UnitRepository;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code GET /api/v1/livechat/rooms}: who sees which rooms (a manager every one, a restricted monitor its departments',
 * an agent the ones it serves), the filters, the order and paging of the other lists, the room's body, and the same
 * 400s as the other lists for bad parameters. Rooms are inserted in scrambled order.
 */
class RoomsApiTest {

    private static final String ROOMS = InquiriesServer.LIVECHAT_API + "/rooms";
    private static final Instant T0 = Instant.parse("2026-12-01T08:00:00Z");

    @RegisterExtension
    static final ApiServerExtension API = ApiServerExtension.onTestDatabase();

    private static List<String> ann;
    private static List<String> mona;
    private static List<String> manager;
    private static Map<String, String> ids;

    private final RawHttp http = API.http();

    @BeforeAll
    static void arrange() {
        API.department("d1", "Sales").department("d2", "Support");
        ann = API.loginWithRoles("ann", Roles.LIVECHAT_AGENT);
        API.loginWithRoles("ben", Roles.LIVECHAT_AGENT);
        mona = API.loginWithRoles("mona", Roles.LIVECHAT_MONITOR);
        manager = API.loginWithRoles("mgr", Roles.LIVECHAT_MANAGER);
        new AgentRepository(API.database()).add("ann", "d1");
        new AgentRepository(API.database()).add("ben", "d2");
        new UnitRepository(API.database()).add("North", List.of("d2"), List.of("mona"));
        ids = Map.of("ann", API.token("ann").userId(), "ben", API.token("ben").userId());
        // ts minutes: a3 < q1 < b2 < a1 < c1 < a2 (scrambled insertion order)
        room("a1", 4, "d1", "ann", false);
        room("q1", 2, "d2", null, false);
        room("a2", 6, "d1", "ann", true);
        room("b2", 3, "d2", "ben", false);
        room("c1", 5, null, null, true);
        room("a3", 1, "d2", "ann", false);
        API.jdbi().useHandle(handle -> {
            handle.execute("INSERT INTO visitors (id, token, username, name) VALUES ('vis1', 'tok-1', 'guest-1', 'Ada')");
            handle.execute("UPDATE inquiries SET visitor_id = 'vis1' WHERE id = 'a1'");
        });
    }

    private static void room(String id, int minute, String department, String agent, boolean closed) {
        API.inquiry(id, "Visitor " + id, T0.plusSeconds(60L * minute), "queued", department);
        API.jdbi().useHandle(handle -> {
            handle.execute("UPDATE inquiries SET queued_at = ? WHERE id = ?", T0.plusSeconds(60L * minute), id);
            if (agent != null) {
                handle.execute("UPDATE inquiries SET status = 'taken', taken_at = ?, taken_by = (SELECT id FROM users "
                        + "WHERE username = ?) WHERE id = ?", T0.plusSeconds(60L * minute + 30), agent, id);
            }
            if (closed) {
                handle.execute("UPDATE inquiries SET status = 'closed', closed_at = ?, closer = 'user' WHERE id = ?",
                        T0.plusSeconds(60L * minute + 600), id);
            }
        });
    }

    private static List<String> ids(String body) {
        List<String> found = new ArrayList<>();
        Matcher matcher = Pattern.compile("\\{\"_id\":\"room-([^\"]+)\"").matcher(body);
        while (matcher.find()) {
            found.add(matcher.group(1));
        }
        return found;
    }

    @Test
    void listsEveryRoomNewestFirstForAManagerWithTheRoomsBody() {
        RawHttp.Response response = http.get(ROOMS, manager);

        assertThat(response.status()).isEqualTo(200);
        assertThat(ids(response.body())).containsExactly("a2", "c1", "a1", "b2", "q1", "a3");
        assertThat(response.body()).endsWith("],\"count\":6,\"offset\":0,\"total\":6,\"success\":true}");
        assertThat(response.body()).contains("{\"_id\":\"room-a1\",\"t\":\"l\",\"fname\":\"Visitor a1\","
                + "\"ts\":\"2026-12-01T08:04:00.000Z\",\"departmentId\":\"d1\","
                + "\"v\":{\"_id\":\"vis1\",\"username\":\"guest-1\",\"token\":\"tok-1\"},\"open\":true,"
                + "\"servedBy\":{\"_id\":\"" + ids.get("ann") + "\",\"username\":\"ann\",\"ts\":\"2026-12-01T08:04:30.000Z\"},"
                + "\"queuedAt\":\"2026-12-01T08:04:00.000Z\",\"priorityWeight\":99,\"estimatedWaitingTimeQueue\":9999999,"
                + "\"_updatedAt\":\"");
        assertThat(response.body()).containsPattern("\\{\"_id\":\"room-c1\",\"t\":\"l\",\"fname\":\"Visitor c1\","
                + "\"ts\":\"2026-12-01T08:05:00.000Z\",\"queuedAt\":\"2026-12-01T08:05:00.000Z\",\"priorityWeight\":99,"
                + "\"estimatedWaitingTimeQueue\":9999999,\"_updatedAt\":\"[^\"]+\",\"closedAt\":\"2026-12-01T08:15:00.000Z\","
                + "\"closer\":\"user\"}");
    }

    @Test
    void showsAnAgentOnlyTheRoomsItServesAndARestrictedMonitorItsDepartments() {
        assertThat(ids(http.get(ROOMS, ann).body())).containsExactly("a2", "a1", "a3");
        assertThat(ids(http.get(ROOMS + "?open=true", ann).body())).containsExactly("a1", "a3");
        assertThat(ids(http.get(ROOMS, mona).body())).containsExactly("b2", "q1", "a3");
        assertThat(http.get(ROOMS + "?departmentId=d1", mona).body())
                .isEqualTo("{\"rooms\":[],\"count\":0,\"offset\":0,\"total\":0,\"success\":true}");
        List<String> plain = API.loginWithRoles("plain", Roles.USER);
        assertThat(http.get(ROOMS, plain).status()).isEqualTo(403);
        assertThat(http.get(ROOMS, List.of()).status()).isEqualTo(401);
    }

    @Test
    void filtersByAgentsDepartmentOpenAndTimeSpans() {
        RawHttp.Response byAgents = http.get(ROOMS + "?agents%5B%5D=" + ids.get("ben") + "&agents%5B%5D=" + ids.get("ann"), manager);
        assertThat(ids(byAgents.body())).as(byAgents.body())
                .containsExactly("a2", "a1", "b2", "a3");
        assertThat(ids(http.get(ROOMS + "?departmentId=d2", manager).body())).containsExactly("b2", "q1", "a3");
        assertThat(ids(http.get(ROOMS + "?open=false", manager).body())).containsExactly("a2", "c1");
        String createdAt = "%7B%22start%22%3A%222026-12-01T08%3A02%3A00Z%22%2C%22end%22%3A%222026-12-01T08%3A04%3A00Z%22%7D";
        assertThat(ids(http.get(ROOMS + "?createdAt=" + createdAt, manager).body())).containsExactly("a1", "b2", "q1");
        String closedAt = "%7B%22start%22%3A%222026-12-01T08%3A16%3A00Z%22%7D";
        assertThat(ids(http.get(ROOMS + "?closedAt=" + closedAt, manager).body())).containsExactly("a2");
    }

    @Test
    void sortsAndPagesAsTheOtherLists() {
        assertThat(ids(http.get(ROOMS + "?sort=%7B%22ts%22%3A1%7D&count=2&offset=1", manager).body()))
                .containsExactly("q1", "b2");
        assertThat(ids(http.get(ROOMS + "?sort=%7B%22closedAt%22%3A-1%7D", manager).body()))
                .containsExactly("a2", "c1", "q1", "b2", "a3", "a1");
        assertThat(ids(http.get(ROOMS + "?sort=%7B%22fname%22%3A-1%7D", manager).body()))
                .containsExactly("q1", "c1", "b2", "a3", "a2", "a1");
        assertThat(http.get(ROOMS + "?count=2", manager).body()).endsWith("\"count\":2,\"offset\":0,\"total\":6,\"success\":true}");
    }

    @Test
    void refusesBadParametersWithTheListsFourHundreds() {
        assertThat(http.get(ROOMS + "?sort=%7B%22name%22%3A1%7D", manager).body()).isEqualTo("{\"success\":false,"
                + "\"error\":\"Invalid sort parameter provided: \\\"{\\\"name\\\":1}\\\" [error-invalid-sort]\","
                + "\"errorType\":\"error-invalid-sort\"}");
        assertThat(http.get(ROOMS + "?roomName=x", manager).body()).isEqualTo("{\"success\":false,\"error\":\"Unknown "
                + "parameter \\\"roomName\\\"; the parameters are agents[], departmentId, open, createdAt, closedAt, offset, "
                + "count and sort [invalid-params]\",\"errorType\":\"invalid-params\"}");
        assertThat(http.get(ROOMS + "?count=-1", manager).body()).contains("[invalid-params]");
        assertThat(http.get(ROOMS + "?open=yes", manager).body()).contains("[invalid-params]");
        assertThat(http.get(ROOMS + "?createdAt=2026", manager).body()).isEqualTo("{\"success\":false,\"error\":\"The "
                + "parameter \\\"createdAt\\\" must be a JSON object {\\\"start\\\",\\\"end\\\"} of ISO-8601 dates "
                + "[invalid-params]\",\"errorType\":\"invalid-params\"}");
        assertThat(http.get(ROOMS + "?closedAt=%7B%22start%22%3A%22soon%22%7D", manager).status()).isEqualTo(400);
        assertThat(http.get(ROOMS + "?departmentId=a&departmentId=b", manager).status()).isEqualTo(400);
        assertThat(http.get(ROOMS + "?departmentId=%00", manager).body()).contains("\"total\":0");
    }

    /** The OpenAPI document's examples of the rooms list are what the server sends (the ids and times its own). */
    @Test
    void documentsTheRoomsBodiesAsTheServerSendsThem() throws Exception {
        ObjectMapper json = new ObjectMapper();
        JsonNode responses = json.readTree(http.get("/openapi?format=JSON", List.of()).body())
                .at("/paths/~1api~1v1~1livechat~1rooms/get/responses");
        JsonNode page = responses.at("/200/content/application~1json/example");
        ObjectNode sent = (ObjectNode) json.readTree(http.get(ROOMS + "?count=1&sort=%7B%22closedAt%22%3A-1%7D&open=false"
                + "&departmentId=d1", manager).body());
        ObjectNode room = (ObjectNode) sent.get("rooms").get(0);
        JsonNode documented = page.get("rooms").get(0);
        for (String field : List.of("_id", "fname", "ts", "departmentId", "queuedAt", "_updatedAt", "closedAt")) {
            room.set(field, documented.get(field));
        }
        room.set("servedBy", documented.get("servedBy"));
        room.set("v", documented.get("v"));
        assertThat(sent).isEqualTo(page);
        String examples = "/400/content/application~1json/examples/";
        assertThat(json.readTree(http.get(ROOMS + "?open=yes", manager).body()))
                .isEqualTo(responses.at(examples + "invalidParams/value"));
        assertThat(json.readTree(http.get(ROOMS + "?sort=%7B%22name%22%3A1%7D", manager).body()))
                .isEqualTo(responses.at(examples + "invalidSort/value"));
    }
}
