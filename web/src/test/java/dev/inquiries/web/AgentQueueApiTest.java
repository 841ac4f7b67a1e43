package dev.inquiries.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.inquiries.domain.LivechatStatus;
import dev.inquiries.domain.Roles;
import dev.inquiries.persistence.AgentRepository;
import dev.inquiries.persistence.UnitRepository;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The agents' queue: {@code inquiries.queuedForUser}, {@code inquiries.getOne}, {@code inquiries.take} and
 * the restricted monitor's {@code inquiries.list}, with the contract's bodies and the order of its checks.
 * Arranged: Sales (d1) and Support (d2) with agents, Billing (d3) with none, Legal (d4) disabled.
 */
class AgentQueueApiTest {

    private static final String API_BASE = InquiriesServer.LIVECHAT_API;
    private static final String QUEUED = API_BASE + "/inquiries.queuedForUser";
    private static final String LIST = API_BASE + "/inquiries.list";
    private static final String GET_ONE = API_BASE + "/inquiries.getOne";
    private static final String TAKE = API_BASE + "/inquiries.take";
    private static final Instant T0 = Instant.parse("2026-11-30T08:00:00Z");

    private static final String NOT_FOUND = "{\"success\":false,\"error\":\"Inquiry not found [error-not-found]\","
            + "\"errorType\":\"error-not-found\",\"details\":{\"method\":\"livechat:takeInquiry\"}}";
    private static final String TAKEN = "{\"success\":false,\"error\":\"Inquiry already taken [error-inquiry-taken]\","
            + "\"errorType\":\"error-inquiry-taken\",\"details\":{\"method\":\"livechat:takeInquiry\"}}";
    private static final String OFFLINE = "{\"success\":false,\"error\":\"Agent status is offline or Omnichannel service "
            + "is not active [error-agent-status-service-offline]\",\"errorType\":\"error-agent-status-service-offline\","
            + "\"details\":{\"method\":\"livechat:takeInquiry\"}}";
    private static final String NOT_AUTHORIZED =
            "{\"success\":false,\"error\":\"error-not-authorized\",\"errorType\":\"error-not-authorized\"}";
    private static final String FORBIDDEN = "{\"success\":false,\"error\":\"User does not have the permissions required "
            + "for this action [error-unauthorized]\"}";

    @RegisterExtension
    static final ApiServerExtension API = ApiServerExtension.onTestDatabase();

    private static List<String> ann;
    private static List<String> ben;
    private static List<String> carl;
    private static List<String> mona;
    private static List<String> manager;

    private final RawHttp http = API.http();

    @BeforeAll
    static void arrange() {
        API.department("d1", "Sales").department("d2", "Support").department("d3", "Billing").department("d4", "Legal");
        ann = API.loginWithRoles("ann", Roles.LIVECHAT_AGENT);
        ben = API.loginWithRoles("ben", Roles.LIVECHAT_AGENT);
        carl = API.loginWithRoles("carl", Roles.LIVECHAT_AGENT);
        mona = API.loginWithRoles("mona", Roles.LIVECHAT_MONITOR);
        manager = API.loginWithRoles("mgr", Roles.LIVECHAT_MANAGER);
        AgentRepository agents = new AgentRepository(API.database());
        agents.add("ann", "d1");
        agents.add("ann", "Support");
        agents.add("ann", "d4");
        agents.add("ben", "d1");
        new UnitRepository(API.database()).add("North", List.of("d2"), List.of("mona"));
        API.jdbi().useHandle(handle -> handle.execute("UPDATE departments SET enabled = false WHERE id = 'd4'"));
        queued("q1", 1, "d1");
        queued("q2", 2, "d2");
        queued("q3", 3, "d3");
        queued("q4", 4, null);
        queued("q5", 5, "d3");
        queued("q6", 6, "d1");
        queued("q7", 7, "d4");
        API.jdbi().useHandle(handle -> {
            handle.execute("UPDATE inquiries SET default_agent_id = (SELECT id FROM users WHERE username = 'ann') WHERE id = 'q5'");
            handle.execute("UPDATE inquiries SET default_agent_id = (SELECT id FROM users WHERE username = 'ben') WHERE id = 'q6'");
        });
    }

    private static void queued(String id, int minutes, String department) {
        API.inquiry(id, "Visitor " + id, T0.plusSeconds(60L * minutes), "queued", department);
    }

    private static List<String> ids(String body) {
        List<String> ids = new ArrayList<>();
        Matcher matcher = Pattern.compile("\\{\"_id\":\"([^\"]+)\"").matcher(body);
        while (matcher.find()) {
            ids.add(matcher.group(1));
        }
        return ids;
    }

    @Test
    void showsAnAgentWhatIsRoutedToItAndWhatNobodyIsRoutedToInItsEnabledDepartmentsOldestFirst() {
        RawHttp.Response response = http.get(QUEUED, ann);

        assertThat(response.status()).isEqualTo(200);
        assertThat(ids(response.body())).containsExactly("q1", "q2", "q4", "q5");
        assertThat(response.body()).startsWith("{\"inquiries\":[{\"_id\":\"q1\",\"rid\":\"room-q1\",\"name\":\"Visitor q1\","
                + "\"ts\":\"2026-11-30T08:01:00.000Z\",\"status\":\"queued\",\"department\":\"d1\"},");
        assertThat(response.body()).endsWith("\"offset\":0,\"count\":4,\"total\":4,\"success\":true}");
        assertThat(ids(http.get(QUEUED, ben).body())).containsExactly("q1", "q4", "q6");
        assertThat(http.get(QUEUED, carl).body()).contains("\"total\":1").contains("\"_id\":\"q4\"");
        assertThat(ids(http.get(QUEUED + "?sort=%7B%22ts%22%3A-1%7D&count=2&offset=1", ann).body()))
                .containsExactly("q4", "q2");
    }

    @Test
    void filtersAnAgentsQueueOnlyByOneOfItsOwnDepartments() {
        RawHttp.Response sales = http.get(QUEUED + "?department=Sales", ann);
        assertThat(ids(sales.body())).containsExactly("q1");
        assertThat(sales.body()).contains("\"total\":1");
        assertThat(ids(http.get(QUEUED + "?department=d1", ben).body())).containsExactly("q1", "q6");

        for (String refused : List.of("d3", "Legal", "nowhere")) {
            RawHttp.Response response = http.get(QUEUED + "?department=" + refused, ann);
            assertThat(response.status()).as(refused).isEqualTo(400);
            assertThat(response.body()).isEqualTo(NOT_AUTHORIZED);
        }
        assertThat(http.get(QUEUED + "?department=d1", carl).body()).isEqualTo(NOT_AUTHORIZED);
    }

    @Test
    void showsARestrictedMonitorOnlyItsUnitsDepartmentsWithTheirTotal() {
        RawHttp.Response mine = http.get(LIST, mona);
        assertThat(ids(mine.body())).containsExactly("q2");
        assertThat(mine.body()).contains("\"total\":1");
        assertThat(http.get(LIST + "?department=d1", mona).body())
                .isEqualTo("{\"inquiries\":[],\"offset\":0,\"count\":0,\"total\":0,\"success\":true}");
        assertThat(ids(http.get(LIST, manager).body())).hasSize(7);
    }

    @Test
    void showsARestrictedMonitorOnlyItsDepartmentsWhenItAsksForItsOwn() {
        String departments = API_BASE + "/department?onlyMyDepartments=true";
        assertThat(http.get(departments, mona).body()).isEqualTo("{\"departments\":["
                + "{\"_id\":\"d2\",\"name\":\"Support\",\"enabled\":true,\"numAgents\":1}],"
                + "\"count\":1,\"offset\":0,\"total\":1,\"success\":true}");
        assertThat(http.get(API_BASE + "/department", mona).body()).contains("\"_id\":\"d1\"", "\"_id\":\"d3\"");
        assertThat(http.get(departments, manager).body()).contains("\"_id\":\"d1\"", "\"_id\":\"d3\"");
    }

    @Test
    void changesARestrictedMonitorsEntityTagWhenItsUnitChanges() {
        String before = http.get(LIST, mona).header("ETag");
        RawHttp.Response unchanged = http.send("GET", LIST, withHeader(mona, "If-None-Match: " + before));
        assertThat(unchanged.status()).isEqualTo(304);

        API.jdbi().useHandle(handle -> handle.execute("INSERT INTO unit_departments (unit_id, department_id) "
                + "SELECT id, 'd3' FROM units WHERE name = 'North'"));
        try {
            RawHttp.Response changed = http.send("GET", LIST, withHeader(mona, "If-None-Match: " + before));
            assertThat(changed.status()).isEqualTo(200);
            assertThat(ids(changed.body())).contains("q2", "q3", "q5").doesNotContain("q1", "q4", "q6", "q7");
        } finally {
            API.jdbi().useHandle(handle -> handle.execute("DELETE FROM unit_departments WHERE department_id = 'd3'"));
        }
    }

    private static List<String> withHeader(List<String> headers, String header) {
        List<String> all = new ArrayList<>(headers);
        all.add(header);
        return all;
    }

    @Test
    void getsOneInquiryOnlyForWhoMaySeeIt() {
        String q5 = http.get(GET_ONE + "?roomId=room-q5", ann).body();
        assertThat(q5).startsWith("{\"inquiry\":{\"_id\":\"q5\",\"rid\":\"room-q5\",\"name\":\"Visitor q5\","
                + "\"ts\":\"2026-11-30T08:05:00.000Z\",\"status\":\"queued\",\"department\":\"d3\",\"t\":\"l\",\"_updatedAt\":\"");
        assertThat(q5).contains("\"defaultAgent\":{\"agentId\":\"" + API.token("ann").userId() + "\",\"username\":\"ann\"}")
                .doesNotContain("servedBy").doesNotContain("takenAt").doesNotContain("priorityId").doesNotContain("slaId")
                .endsWith("\"ann\"},\"priorityWeight\":99,\"estimatedWaitingTimeQueue\":9999999},\"success\":true}");

        String none = "{\"inquiry\":null,\"success\":true}";
        assertThat(http.get(GET_ONE + "?roomId=room-q3", ann).body()).isEqualTo(none);
        assertThat(http.get(GET_ONE + "?roomId=room-q6", ann).body()).isEqualTo(none);
        assertThat(http.get(GET_ONE + "?roomId=room-q7", ann).body()).isEqualTo(none);
        assertThat(http.get(GET_ONE + "?roomId=no-such-room", manager).body()).isEqualTo(none);
        assertThat(http.get(GET_ONE + "?roomId=room-q3", manager).body()).contains("\"_id\":\"q3\"");
        assertThat(http.get(GET_ONE + "?roomId=room-q2", mona).body()).contains("\"_id\":\"q2\"");
        assertThat(http.get(GET_ONE + "?roomId=room-q1", mona).body()).isEqualTo(none);
    }

    @Test
    void refusesBadGetOneParametersAfterTheCaller() {
        assertThat(http.get(GET_ONE, ann).body()).isEqualTo("{\"success\":false,\"error\":\"must have required property "
                + "'roomId' [invalid-params]\",\"errorType\":\"invalid-params\"}");
        assertThat(http.get(GET_ONE + "?roomId=x&rid=y", ann).body()).contains("must NOT have additional properties");
        assertThat(http.get(GET_ONE, List.of()).status()).isEqualTo(401);
        List<String> plain = API.loginWithRoles("plain-getone", Roles.USER);
        assertThat(http.get(GET_ONE, plain).status()).isEqualTo(403);
    }

    @Test
    void takesAnInquiryOnceAndAnswersWithItTaken() {
        queued("t1", 10, "d2");
        RawHttp.Response taken = http.postJson(TAKE, ann, "{\"inquiryId\":\"t1\"}");

        assertThat(taken.status()).isEqualTo(200);
        String annId = API.token("ann").userId();
        assertThat(taken.body()).startsWith("{\"inquiry\":{\"_id\":\"t1\",\"rid\":\"room-t1\",\"name\":\"Visitor t1\","
                + "\"ts\":\"2026-11-30T08:10:00.000Z\",\"status\":\"taken\",\"department\":\"d2\",\"t\":\"l\"");
        assertThat(taken.body()).contains("\"takenAt\":\"")
                .contains("\"servedBy\":{\"_id\":\"" + annId + "\",\"username\":\"ann\",\"ts\":\"")
                .endsWith("\"},\"priorityWeight\":99,\"estimatedWaitingTimeQueue\":9999999},\"success\":true}");
        assertThat(http.postJson(TAKE, ann, "{\"inquiryId\":\"t1\"}").body()).isEqualTo(TAKEN);
        assertThat(ids(http.get(QUEUED, ann).body())).doesNotContain("t1");
        assertThat(http.get(GET_ONE + "?roomId=room-t1", ann).body()).contains("\"status\":\"taken\"");
        assertThat(http.get(GET_ONE + "?roomId=room-t1", ben).body()).isEqualTo("{\"inquiry\":null,\"success\":true}");
    }

    @Test
    void checksATakeInTheContractsOrder() {
        queued("t2", 11, "d1");
        queued("t3", 12, "d3");
        String benId = API.token("ben").userId();
        // 1. Another taker needs view-livechat-manager; then it must exist.
        RawHttp.Response forOther = http.postJson(TAKE, ann, "{\"inquiryId\":\"t2\",\"userId\":\"" + benId + "\"}");
        assertThat(forOther.status()).isEqualTo(403);
        assertThat(forOther.body()).isEqualTo(FORBIDDEN);
        assertThat(http.postJson(TAKE, ann, "{\"inquiryId\":\"nothing\",\"userId\":\"nobody\"}").status()).isEqualTo(403);
        assertThat(http.postJson(TAKE, manager, "{\"inquiryId\":\"t2\",\"userId\":\"nobody\"}").body())
                .isEqualTo("{\"success\":false,\"error\":\"The user is invalid\"}");
        // 2. An inquiry the caller may not see is one that is not there.
        assertThat(http.postJson(TAKE, ann, "{\"inquiryId\":\"t3\"}").body()).isEqualTo(NOT_FOUND);
        assertThat(http.postJson(TAKE, ann, "{\"inquiryId\":\"no-such\"}").body()).isEqualTo(NOT_FOUND);
        // 4. The taker must be available; 3. comes first when the inquiry is taken too.
        new AgentRepository(API.database()).setStatus("ben", LivechatStatus.NOT_AVAILABLE);
        try {
            assertThat(http.postJson(TAKE, ben, "{\"inquiryId\":\"t2\"}").body()).isEqualTo(OFFLINE);
            assertThat(http.postJson(TAKE, manager, "{\"inquiryId\":\"t2\",\"userId\":\"" + benId + "\"}").body())
                    .isEqualTo(OFFLINE);
            assertThat(http.postJson(TAKE, manager, "{\"inquiryId\":\"t3\"}").body()).isEqualTo(OFFLINE);
            assertThat(http.postJson(TAKE, ann, "{\"inquiryId\":\"t2\"}").status()).isEqualTo(200);
            assertThat(http.postJson(TAKE, ben, "{\"inquiryId\":\"t2\"}").body()).isEqualTo(TAKEN);
        } finally {
            new AgentRepository(API.database()).setStatus("ben", LivechatStatus.AVAILABLE);
        }
        // A manager takes for an agent.
        RawHttp.Response forBen = http.postJson(TAKE, manager, "{\"inquiryId\":\"t3\",\"userId\":\"" + benId + "\"}");
        assertThat(forBen.status()).isEqualTo(200);
        assertThat(forBen.body()).contains("\"servedBy\":{\"_id\":\"" + benId + "\",\"username\":\"ben\"");
    }

    @Test
    void refusesBadTakeBodiesAfterTheCaller() {
        assertThat(http.postJson(TAKE, ann, "{}").body()).isEqualTo("{\"success\":false,\"error\":\"must have required "
                + "property 'inquiryId' [invalid-params]\",\"errorType\":\"invalid-params\"}");
        assertThat(http.postJson(TAKE, ann, "{\"inquiryId\":\"q1\",\"agent\":\"x\"}").body())
                .isEqualTo("{\"success\":false,\"error\":\"must NOT have additional properties [invalid-params]\","
                        + "\"errorType\":\"invalid-params\"}");
        assertThat(http.postJson(TAKE, ann, "{\"inquiryId\":5}").body()).contains("[invalid-params]");
        assertThat(http.postJson(TAKE, ann, "{\"inquiryId\":\"q1\",\"userId\":null}").body()).contains("[invalid-params]");
        assertThat(http.postJson(TAKE, List.of(), "{}").status()).isEqualTo(401);
        List<String> plain = API.loginWithRoles("plain-take", Roles.USER);
        assertThat(http.postJson(TAKE, plain, "{\"inquiryId\":\"q1\"}").status()).isEqualTo(403);
        assertThat(http.postJson(TAKE, plain, "not json").status()).isEqualTo(403);
        assertThat(API.count("SELECT count(*) FROM inquiries WHERE id = 'q1' AND status = 'queued'")).isEqualTo(1);
    }

    /**
     * Fifty agents of one department take one inquiry at the same moment, ten times over: exactly one wins
     * each time, every other gets error-inquiry-taken, and the row, the kept counts and the list agree.
     */
    @Test
    void letsExactlyOneOfFiftyConcurrentTakesWin() throws Exception {
        int agents = 50;
        API.department("race", "Race");
        List<List<String>> racers = new ArrayList<>();
        AgentRepository memberships = new AgentRepository(API.database());
        for (int i = 0; i < agents; i++) {
            racers.add(API.loginWithRoles("racer-" + i, Roles.LIVECHAT_AGENT));
            memberships.add("racer-" + i, "race");
        }
        ExecutorService pool = Executors.newFixedThreadPool(agents);
        try {
            for (int round = 0; round < 10; round++) {
                String id = "race-" + round;
                queued(id, 20 + round, "race");
                String etagBefore = http.get(QUEUED, racers.getFirst()).header("ETag");
                CyclicBarrier start = new CyclicBarrier(agents);
                List<Future<RawHttp.Response>> takes = new ArrayList<>();
                for (List<String> racer : racers) {
                    takes.add(pool.submit(() -> {
                        start.await();
                        return http.postJson(TAKE, racer, "{\"inquiryId\":\"" + id + "\"}");
                    }));
                }
                int won = 0;
                for (Future<RawHttp.Response> take : takes) {
                    RawHttp.Response response = take.get();
                    if (response.status() == 200) {
                        won++;
                    } else {
                        assertThat(response.body()).as("round " + round).isEqualTo(TAKEN);
                    }
                }
                assertThat(won).as("round " + round).isEqualTo(1);
                assertThat(API.count("SELECT count(*) FROM inquiries WHERE id = '" + id
                        + "' AND status = 'taken' AND taken_by IS NOT NULL AND taken_at IS NOT NULL")).isEqualTo(1);
                assertThat(API.count("SELECT coalesce(sum(queued), 0) FROM queue_counts WHERE department_key = 'race'"))
                        .isZero();
                RawHttp.Response after = http.get(QUEUED + "?department=race", racers.getFirst());
                assertThat(after.body()).contains("\"total\":0");
                assertThat(after.header("ETag")).isNotEqualTo(etagBefore);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Eight agents take forty inquiries of one department each, concurrently: none is lost or taken twice. */
    @Test
    void losesNoTakeOfDifferentInquiriesUnderConcurrency() throws Exception {
        API.department("bulk", "Bulk");
        int agents = 8;
        int each = 40;
        List<List<String>> takers = new ArrayList<>();
        AgentRepository memberships = new AgentRepository(API.database());
        for (int i = 0; i < agents; i++) {
            takers.add(API.loginWithRoles("bulk-" + i, Roles.LIVECHAT_AGENT));
            memberships.add("bulk-" + i, "bulk");
        }
        API.jdbi().useHandle(handle -> handle.execute("""
                INSERT INTO inquiries (id, rid, name, ts, status, department_id)
                SELECT 'bulk-' || n, 'room-bulk-' || n, 'Bulk ' || n, now() - n * interval '1 second', 'queued', 'bulk'
                  FROM generate_series(1, ?) AS n""", agents * each));
        ExecutorService pool = Executors.newFixedThreadPool(agents);
        try {
            CyclicBarrier start = new CyclicBarrier(agents);
            List<Future<Integer>> runs = new ArrayList<>();
            for (int a = 0; a < agents; a++) {
                int agent = a;
                runs.add(pool.submit(() -> {
                    start.await();
                    int ok = 0;
                    for (int i = 0; i < each; i++) {
                        String id = "bulk-" + (agent * each + i + 1);
                        if (http.postJson(TAKE, takers.get(agent), "{\"inquiryId\":\"" + id + "\"}").status() == 200) {
                            ok++;
                        }
                    }
                    return ok;
                }));
            }
            for (Future<Integer> run : runs) {
                assertThat(run.get()).isEqualTo(each);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(API.count("SELECT count(*) FROM inquiries WHERE department_id = 'bulk' AND status = 'taken'"))
                .isEqualTo(agents * each);
        assertThat(API.count("SELECT coalesce(sum(queued), 0) FROM queue_counts WHERE department_key = 'bulk'")).isZero();
        assertThat(http.get(LIST + "?department=bulk", manager).body()).contains("\"total\":0");
    }
}
