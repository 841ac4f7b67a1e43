package dev.inquiries.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.inquiries.domain.Roles;
import dev.inquiries.persistence.AgentRepository;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Priorities and SLAs (the contract's "Priorities and SLAs"): the five fixed priorities and their names, the SLAs and
 * their unique names and due times, a room's priority and a queued inquiry's SLA, with the rights each needs, the
 * exact bodies, the rows they leave and the stream's {@code changed} events. Arranged: Sales (d1: ann); ann an agent,
 * mgr a manager, plain a user without livechat rights.
 */
@Timeout(120)
class PrioritiesAndSlasApiTest {

    private static final String API_BASE = InquiriesServer.LIVECHAT_API;
    private static final Instant T0 = Instant.parse("2026-12-01T09:00:00Z");
    private static final String DONE = "{\"success\":true}";
    private static final String FORBIDDEN = "{\"success\":false,\"error\":\"User does not have the permissions required "
            + "for this action [error-unauthorized]\"}";
    private static final Duration WAIT = Duration.ofSeconds(10);

    @RegisterExtension
    static final ApiServerExtension API = ApiServerExtension.onTestDatabase();

    private static List<String> ann;
    private static List<String> manager;
    private static List<String> plain;

    private final RawHttp http = API.http();

    @BeforeAll
    static void arrange() {
        API.department("d1", "Sales");
        ann = API.loginWithRoles("ann", Roles.LIVECHAT_AGENT);
        manager = API.loginWithRoles("mgr", Roles.LIVECHAT_MANAGER);
        plain = API.loginWithRoles("plain", Roles.USER);
        new AgentRepository(API.database()).add("ann", "d1");
    }

    private static String error(String code) {
        return "{\"success\":false,\"error\":\"" + code + "\"}";
    }

    private static String ordering(String id) {
        return API.jdbi().withHandle(handle -> handle.createQuery("SELECT concat_ws('|', priority_id, priority_weight, "
                + "sla_id, estimated_waiting_time_queue) FROM inquiries WHERE id = :id")
                .bind("id", id).mapTo(String.class).one());
    }

    private RawHttp.Response put(String path, List<String> caller, String json) {
        return http.send("PUT", path, caller, json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void listsTheFivePrioritiesPagedAndSortedForAgentsButNotForOthers() {
        RawHttp.Response all = http.get(API_BASE + "/priorities", ann);
        assertThat(all.status()).isEqualTo(200);
        assertThat(all.body()).isEqualTo("{\"priorities\":["
                + "{\"_id\":\"priority-highest\",\"i18n\":\"Highest\",\"sortItem\":1,\"dirty\":false},"
                + "{\"_id\":\"priority-high\",\"i18n\":\"High\",\"sortItem\":2,\"dirty\":false},"
                + "{\"_id\":\"priority-medium\",\"i18n\":\"Medium\",\"sortItem\":3,\"dirty\":false},"
                + "{\"_id\":\"priority-low\",\"i18n\":\"Low\",\"sortItem\":4,\"dirty\":false},"
                + "{\"_id\":\"priority-lowest\",\"i18n\":\"Lowest\",\"sortItem\":5,\"dirty\":false}],"
                + "\"count\":5,\"offset\":0,\"total\":5,\"success\":true}");
        assertThat(http.get(API_BASE + "/priorities?sort=%7B%22sortItem%22:-1%7D&count=2&offset=1", manager).body())
                .isEqualTo("{\"priorities\":["
                        + "{\"_id\":\"priority-low\",\"i18n\":\"Low\",\"sortItem\":4,\"dirty\":false},"
                        + "{\"_id\":\"priority-medium\",\"i18n\":\"Medium\",\"sortItem\":3,\"dirty\":false}],"
                        + "\"count\":2,\"offset\":1,\"total\":5,\"success\":true}");
        assertThat(http.get(API_BASE + "/priorities?text=LOW", ann).body()).contains("\"total\":2");
        RawHttp.Response badSort = http.get(API_BASE + "/priorities?sort=%7B%22weight%22:1%7D", ann);
        assertThat(badSort.status()).isEqualTo(400);
        assertThat(badSort.body()).contains("\"errorType\":\"error-invalid-sort\"");
        assertThat(http.get(API_BASE + "/priorities?level=1", ann).body()).contains("\"errorType\":\"invalid-params\"");
        RawHttp.Response refused = http.get(API_BASE + "/priorities", plain);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body()).isEqualTo(FORBIDDEN);
        assertThat(http.get(API_BASE + "/priorities", List.of()).status()).isEqualTo(401);
    }

    @Test
    void renamesAndResetsAPriorityForManagersOnly() {
        assertThat(put(API_BASE + "/priorities/priority-medium", ann, "{\"name\":\"Normal\"}").body()).isEqualTo(FORBIDDEN);
        assertThat(put(API_BASE + "/priorities/priority-medium", manager, "{\"name\":\"Normal\"}").body()).isEqualTo(DONE);
        assertThat(http.get(API_BASE + "/priorities/priority-medium", ann).body()).isEqualTo("{\"_id\":\"priority-medium\","
                + "\"name\":\"Normal\",\"i18n\":\"Medium\",\"sortItem\":3,\"dirty\":true,\"success\":true}");
        assertThat(put(API_BASE + "/priorities/priority-low", manager, "{\"name\":\"normal\"}").body())
                .isEqualTo(error("error-duplicate-priority-name"));
        assertThat(put(API_BASE + "/priorities/priority-low", manager, "{\"name\":\"HIGHEST\"}").body())
                .isEqualTo(error("error-duplicate-priority-name"));
        assertThat(put(API_BASE + "/priorities/priority-medium", manager, "{\"reset\":true}").body()).isEqualTo(DONE);
        assertThat(http.get(API_BASE + "/priorities/priority-medium", ann).body()).isEqualTo("{\"_id\":\"priority-medium\","
                + "\"i18n\":\"Medium\",\"sortItem\":3,\"dirty\":false,\"success\":true}");
        RawHttp.Response both = put(API_BASE + "/priorities/priority-medium", manager, "{\"name\":\"x\",\"reset\":true}");
        assertThat(both.body()).isEqualTo("{\"success\":false,\"error\":\"must match exactly one schema in oneOf "
                + "[invalid-params]\",\"errorType\":\"invalid-params\"}");
        RawHttp.Response unknown = http.get(API_BASE + "/priorities/nope", ann);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.body()).isEqualTo(error("Priority with id nope not found"));
        assertThat(put(API_BASE + "/priorities/nope", manager, "{\"name\":\"Y\"}").status()).isEqualTo(404);
        assertThat(http.send("DELETE", API_BASE + "/priorities/priority-low", manager).status()).isEqualTo(405);
    }

    @Test
    void createsChangesReadsAndDeletesSlasWithUniqueNamesAndDueTimes() {
        assertThat(http.postJson(API_BASE + "/sla", ann, "{\"name\":\"Gold\",\"dueTimeInMinutes\":30}").body())
                .isEqualTo(FORBIDDEN);
        String created = http.postJson(API_BASE + "/sla", manager,
                "{\"name\":\"Gold\",\"description\":\"Half an hour\",\"dueTimeInMinutes\":30}").body();
        assertThat(created).matches("\\{\"sla\":\\{\"_id\":\"[23456789A-Za-z]{17}\",\"name\":\"Gold\","
                + "\"description\":\"Half an hour\",\"dueTimeInMinutes\":30},\"success\":true}");
        String gold = created.substring(15, 32);
        String silver = http.postJson(API_BASE + "/sla", manager, "{\"name\":\"Silver\",\"dueTimeInMinutes\":120}").body()
                .substring(15, 32);
        assertThat(http.postJson(API_BASE + "/sla", manager, "{\"name\":\"Gold\",\"dueTimeInMinutes\":45}").body())
                .isEqualTo(error("error-duplicated-sla"));
        assertThat(http.postJson(API_BASE + "/sla", manager, "{\"name\":\"Bronze\",\"dueTimeInMinutes\":30}").body())
                .isEqualTo(error("error-duplicated-sla"));
        assertThat(put(API_BASE + "/sla/" + silver, manager, "{\"name\":\"Gold\",\"dueTimeInMinutes\":240}").body())
                .isEqualTo(error("error-duplicated-sla"));
        assertThat(http.postJson(API_BASE + "/sla", manager, "{\"name\":\"Odd\",\"dueTimeInMinutes\":1.5}").body())
                .contains("\"errorType\":\"invalid-params\"");
        assertThat(http.postJson(API_BASE + "/sla", manager, "{\"name\":\"Odd\",\"dueTimeInMinutes\":\"5\"}").body())
                .contains("dueTimeInMinutes must be number");
        assertThat(http.postJson(API_BASE + "/sla", manager, "{\"dueTimeInMinutes\":5}").body())
                .contains("must have required property 'name'");

        assertThat(put(API_BASE + "/sla/" + silver, manager, "{\"name\":\"Silver\",\"dueTimeInMinutes\":90}").body())
                .isEqualTo("{\"sla\":{\"_id\":\"" + silver + "\",\"name\":\"Silver\",\"dueTimeInMinutes\":90},\"success\":true}");
        assertThat(http.get(API_BASE + "/sla/" + silver, ann).body()).matches("\\{\"_id\":\"" + silver
                + "\",\"name\":\"Silver\",\"dueTimeInMinutes\":90,\"_updatedAt\":\"[0-9T:.-]{23}Z\",\"success\":true}");
        assertThat(http.get(API_BASE + "/sla?sort=%7B%22dueTimeInMinutes%22:-1%7D", ann).body())
                // Other tests of the class add SLAs of their own: Silver (90) comes before Gold (30) in this order.
                .containsSubsequence("\"_id\":\"" + silver + "\"", "\"_id\":\"" + gold + "\"");
        assertThat(http.get(API_BASE + "/sla?text=half", ann).body()).contains("\"_id\":\"" + gold + "\"")
                .contains("\"total\":1");
        assertThat(http.get(API_BASE + "/sla", plain).status()).isEqualTo(403);
        assertThat(http.get(API_BASE + "/sla/nope", ann).body()).isEqualTo(error("SLA with id nope not found"));
        assertThat(put(API_BASE + "/sla/nope", manager, "{\"name\":\"N\",\"dueTimeInMinutes\":7}").status()).isEqualTo(404);

        assertThat(http.send("DELETE", API_BASE + "/sla/" + silver, ann).body()).isEqualTo(FORBIDDEN);
        assertThat(http.send("DELETE", API_BASE + "/sla/" + silver, manager).body()).isEqualTo(DONE);
        assertThat(http.get(API_BASE + "/sla/" + silver, ann).status()).isEqualTo(404);
    }

    /**
     * A room's priority and an inquiry's SLA: one UPDATE each, shown on getOne and as a {@code changed} event; deleting
     * the SLA clears it; only a queued inquiry takes an SLA; an agent changes only rooms it sees.
     */
    @Test
    void setsARoomsPriorityAndAnInquirysSlaAndTheStreamShowsEachChange() {
        API.inquiry("p1", "Visitor p1", T0, "queued", "d1");
        API.inquiry("p2", "Visitor p2", T0.plusSeconds(60), "taken", null);
        String bronze = http.postJson(API_BASE + "/sla", manager, "{\"name\":\"Bronze\",\"dueTimeInMinutes\":480}")
                .body().substring(15, 32);
        try (EventStreamClient stream = EventStreamClient.open(API.port(), StreamTest.STREAM + "?department=d1", manager)) {
            assertThat(stream.next(WAIT).name()).isEqualTo("reset");

            assertThat(http.postJson(API_BASE + "/room/room-p1/priority", ann, "{\"priorityId\":\"priority-high\"}").body())
                    .isEqualTo(DONE);
            assertThat(ordering("p1")).isEqualTo("priority-high|2|9999999");
            EventStreamClient.Event changed = stream.next(WAIT);
            assertThat(changed.name()).isEqualTo("changed");
            assertThat(changed.data()).isEqualTo("{\"type\":\"changed\",\"_id\":\"p1\",\"rid\":\"room-p1\","
                    + "\"name\":\"Visitor p1\",\"ts\":\"2026-12-01T09:00:00.000Z\",\"status\":\"queued\",\"department\":\"d1\"}");

            assertThat(put(API_BASE + "/inquiry.setSLA", ann, "{\"roomId\":\"room-p1\",\"sla\":\"Bronze\"}").body())
                    .isEqualTo(FORBIDDEN);
            assertThat(put(API_BASE + "/inquiry.setSLA", manager, "{\"roomId\":\"room-p1\",\"sla\":\"Bronze\"}").body())
                    .isEqualTo(DONE);
            assertThat(ordering("p1")).isEqualTo("priority-high|2|" + bronze + "|480");
            assertThat(stream.next(WAIT).name()).isEqualTo("changed");
            assertThat(http.get(API_BASE + "/inquiries.getOne?roomId=room-p1", ann).body())
                    .contains("\"priorityId\":\"priority-high\",\"priorityWeight\":2,\"slaId\":\"" + bronze
                            + "\",\"estimatedWaitingTimeQueue\":480}");

            assertThat(http.send("DELETE", API_BASE + "/sla/" + bronze, manager).body()).isEqualTo(DONE);
            assertThat(ordering("p1")).isEqualTo("priority-high|2|9999999");
            assertThat(stream.next(WAIT).name()).isEqualTo("changed");

            assertThat(http.send("DELETE", API_BASE + "/room/room-p1/priority", ann).body()).isEqualTo(DONE);
            assertThat(ordering("p1")).isEqualTo("99|9999999");
            assertThat(stream.next(WAIT).name()).isEqualTo("changed");
        }
        assertThat(http.postJson(API_BASE + "/room/room-p1/priority", ann, "{\"priorityId\":\"nope\"}").body())
                .isEqualTo(error("error-invalid-priority"));
        assertThat(http.postJson(API_BASE + "/room/room-p2/priority", ann, "{\"priorityId\":\"priority-low\"}").body())
                .isEqualTo(error("error-room-does-not-exist"));
        assertThat(http.postJson(API_BASE + "/room/room-p1/priority", plain, "{\"priorityId\":\"priority-low\"}").body())
                .isEqualTo(FORBIDDEN);
        assertThat(http.postJson(API_BASE + "/room/room-p1/priority", ann, "{}").body())
                .contains("must have required property 'priorityId'");
        http.postJson(API_BASE + "/sla", manager, "{\"name\":\"Tin\",\"dueTimeInMinutes\":600}");
        assertThat(put(API_BASE + "/inquiry.setSLA", manager, "{\"roomId\":\"room-p2\",\"sla\":\"Tin\"}").body())
                .isEqualTo(error("error-invalid-inquiry"));
        assertThat(put(API_BASE + "/inquiry.setSLA", manager, "{\"roomId\":\"room-p1\",\"sla\":\"Lead\"}").body())
                .isEqualTo(error("error-invalid-sla"));
        assertThat(ordering("p2")).isEqualTo("99|9999999");
    }
}
