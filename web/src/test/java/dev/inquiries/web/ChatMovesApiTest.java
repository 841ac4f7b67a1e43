package dev.inquiries.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.inquiries.domain.LivechatStatus;
import dev.inquiries.domain.Roles;
import dev.inquiries.persistence.AgentRepository;
import dev.inquiries.persistence.UnitRepository;
import dev.inquiries.web.EventStreamClient.Event;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Moving and ending a chat after its take (the contract's "After a take"): {@code room.closeByUser},
 * {@code inquiries.returnAsInquiry} and {@code room.forward}, with their exact bodies, who may do what (the serving
 * agent, another agent, a manager, a restricted monitor), the rows and timeline they leave and the stream's events.
 * Arranged: Sales (d1: ann, ben), Support (d2: ben, carl), Billing (d3, nobody), Legal (d4, disabled); the restricted
 * monitor mona oversees Support.
 */
@Timeout(120)
class ChatMovesApiTest {

    private static final String API_BASE = InquiriesServer.LIVECHAT_API;
    private static final String CLOSE = API_BASE + "/room.closeByUser";
    private static final String RETURN = API_BASE + "/inquiries.returnAsInquiry";
    private static final String FORWARD = API_BASE + "/room.forward";
    private static final Instant T0 = Instant.parse("2026-12-01T09:00:00Z");
    private static final String DONE = "{\"success\":true}";
    private static final String FORBIDDEN = "{\"success\":false,\"error\":\"User does not have the permissions required "
            + "for this action [error-unauthorized]\"}";
    private static final Duration WAIT = Duration.ofSeconds(10);

    @RegisterExtension
    static final ApiServerExtension API = ApiServerExtension.onTestDatabase();

    private static List<String> ann;
    private static List<String> ben;
    private static List<String> mona;
    private static List<String> manager;
    private static List<String> plain;
    private static Map<String, String> ids;

    private final RawHttp http = API.http();

    @BeforeAll
    static void arrange() {
        API.department("d1", "Sales").department("d2", "Support").department("d3", "Billing").department("d4", "Legal");
        ann = API.loginWithRoles("ann", Roles.LIVECHAT_AGENT);
        ben = API.loginWithRoles("ben", Roles.LIVECHAT_AGENT);
        API.loginWithRoles("carl", Roles.LIVECHAT_AGENT);
        mona = API.loginWithRoles("mona", Roles.LIVECHAT_MONITOR);
        manager = API.loginWithRoles("mgr", Roles.LIVECHAT_MANAGER);
        plain = API.loginWithRoles("plain", Roles.USER);
        AgentRepository agents = new AgentRepository(API.database());
        agents.add("ann", "d1");
        agents.add("ben", "d1");
        agents.add("ben", "d2");
        agents.add("carl", "d2");
        new UnitRepository(API.database()).add("North", List.of("d2"), List.of("mona"));
        API.jdbi().useHandle(handle -> handle.execute("UPDATE departments SET enabled = false WHERE id = 'd4'"));
        ids = Map.of("ann", API.token("ann").userId(), "ben", API.token("ben").userId(),
                "carl", API.token("carl").userId(), "mona", API.token("mona").userId(), "mgr", API.token("mgr").userId());
    }

    /** A chat of the department served by the agent (taken by SQL, as a take leaves it). */
    static void served(String id, int minute, String department, String agentId) {
        API.inquiry(id, "Visitor " + id, T0.plusSeconds(60L * minute), "queued", department);
        API.jdbi().useHandle(handle -> handle.execute(
                "UPDATE inquiries SET status = 'taken', taken_by = ?, taken_at = now() WHERE id = ?", agentId, id));
    }

    private static String error(String code) {
        return "{\"success\":false,\"error\":\"" + code + "\"}";
    }

    private static String invalid(String message) {
        return "{\"success\":false,\"error\":\"" + message + " [invalid-params]\",\"errorType\":\"invalid-params\"}";
    }

    private static String row(String id) {
        return API.jdbi().withHandle(handle -> handle.createQuery("SELECT concat_ws('|', status, taken_by, department_id, "
                + "to_char(ts AT TIME ZONE 'UTC', 'HH24:MI'), queued_at IS NOT NULL, taken_at IS NOT NULL, closer, closed_by, "
                + "close_comment, array_to_string(close_tags, ','), closed_at IS NOT NULL) FROM inquiries WHERE id = :id")
                .bind("id", id).mapTo(String.class).one());
    }

    /** The chat's timeline after its arrival and first take: kind, from agent > agent, from department > department, actor. */
    private static List<String> steps(String id) {
        return API.jdbi().withHandle(handle -> handle.createQuery("SELECT concat_ws('|', kind, "
                + "coalesce(from_agent_id, '-') || '>' || coalesce(agent_id, '-'), "
                + "coalesce(from_department_id, '-') || '>' || coalesce(department_id, '-'), actor_id, closer, comment) "
                + "FROM chat_events WHERE inquiry_id = :id AND actor_id IS NOT NULL ORDER BY id")
                .bind("id", id).mapTo(String.class).list());
    }

    private String post(String path, List<String> caller, String json) {
        return http.postJson(path, caller, json).body();
    }

    @Test
    void closesTheServingAgentsChatWithCommentAndTagsOnce() {
        served("c1", 1, "d1", ids.get("ann"));
        RawHttp.Response closed = http.postJson(CLOSE, ann, "{\"rid\":\"room-c1\",\"comment\":\"Solved\",\"tags\":[\"a\",\"b\"]}");

        assertThat(closed.status()).isEqualTo(200);
        assertThat(closed.body()).isEqualTo(DONE);
        assertThat(row("c1")).isEqualTo("closed|" + ids.get("ann") + "|d1|09:01|f|t|user|" + ids.get("ann")
                + "|Solved|a,b|t");
        assertThat(steps("c1")).containsExactly("closed|" + ids.get("ann") + ">" + ids.get("ann") + "|d1>d1|"
                + ids.get("ann") + "|user|Solved");
        assertThat(post(CLOSE, ann, "{\"rid\":\"room-c1\",\"comment\":\"Again\"}")).isEqualTo(error("error-room-already-closed"));
        assertThat(http.get(API_BASE + "/inquiries.getOne?roomId=room-c1", ann).body())
                .isEqualTo("{\"inquiry\":null,\"success\":true}");
        assertThat(post(CLOSE, ann, "{\"rid\":\"no-such-room\",\"comment\":\"x\"}")).isEqualTo(error("error-invalid-room"));
        assertThat(steps("c1")).hasSize(1);
    }

    @Test
    void closesOnlyWhatTheCallerServesOrOversees() {
        served("c2", 2, "d1", ids.get("ann"));
        served("c3", 3, "d2", ids.get("carl"));
        served("c4", 4, "d1", ids.get("ann"));
        API.inquiry("c5", "Visitor c5", T0.plusSeconds(300), "queued", "d1");

        assertThat(post(CLOSE, ben, "{\"rid\":\"room-c2\",\"comment\":\"Not mine\"}")).isEqualTo(error("error-not-authorized"));
        assertThat(post(CLOSE, ann, "{\"rid\":\"room-c5\",\"comment\":\"Queued\"}")).isEqualTo(error("error-not-authorized"));
        assertThat(post(CLOSE, mona, "{\"rid\":\"room-c2\",\"comment\":\"Not my unit\"}")).isEqualTo(error("error-not-authorized"));
        assertThat(row("c2")).startsWith("taken|");
        // The check order: not authorized before a missing comment; a missing (or blank) comment for the server.
        assertThat(post(CLOSE, ben, "{\"rid\":\"room-c2\"}")).isEqualTo(error("error-not-authorized"));
        assertThat(post(CLOSE, ann, "{\"rid\":\"room-c2\"}")).isEqualTo(error("error-comment-is-required"));
        assertThat(post(CLOSE, ann, "{\"rid\":\"room-c2\",\"comment\":\"  \",\"tags\":null}"))
                .isEqualTo(error("error-comment-is-required"));

        assertThat(post(CLOSE, mona, "{\"rid\":\"room-c3\",\"comment\":\"My unit\"}")).isEqualTo(DONE);
        assertThat(row("c3")).startsWith("closed|").contains("|user|" + ids.get("mona") + "|My unit|t");
        assertThat(post(CLOSE, manager, "{\"rid\":\"room-c4\",\"comment\":\"Manager\"}")).isEqualTo(DONE);
        assertThat(post(CLOSE, manager, "{\"rid\":\"room-c5\",\"comment\":\"Abandoned\"}")).isEqualTo(DONE);
        assertThat(steps("c5")).containsExactly("closed|->-|d1>d1|" + ids.get("mgr") + "|user|Abandoned");
    }

    @Test
    void refusesCloseBodiesAndCallersAsTheContractSays() {
        assertThat(http.postJson(CLOSE, List.of(), "{\"rid\":\"x\"}").status()).isEqualTo(401);
        RawHttp.Response refused = http.postJson(CLOSE, plain, "{\"rid\":\"x\"}");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body()).isEqualTo(FORBIDDEN);
        assertThat(post(CLOSE, ann, "{}")).isEqualTo(invalid("must have required property 'rid'"));
        assertThat(post(CLOSE, ann, "{\"rid\":\"x\",\"reason\":\"y\"}")).isEqualTo(invalid("must NOT have additional properties"));
        assertThat(post(CLOSE, ann, "{\"rid\":5}")).isEqualTo(invalid("rid must be string"));
        assertThat(post(CLOSE, ann, "{\"rid\":\"x\",\"tags\":\"a\"}")).isEqualTo(invalid("tags must be array"));
        assertThat(post(CLOSE, ann, "{\"rid\":\"x\",\"tags\":[\"a\",1]}")).isEqualTo(invalid("tags/1 must be string"));
        assertThat(post(CLOSE, ann, "{\"rid\":\"x\",\"comment\":7}")).isEqualTo(invalid("comment must be string"));
        assertThat(post(CLOSE, ann, "{\"rid\":\"x\",\"comment\":\"a\\u0000b\"}"))
                .isEqualTo(invalid("comment must not contain NUL characters"));
        assertThat(post(CLOSE, ann, "{\"rid\":\"x\\u0000\",\"comment\":\"c\"}")).isEqualTo(error("error-invalid-room"));
        assertThat(http.send("GET", CLOSE, ann).status()).isEqualTo(405);
    }

    @Test
    void returnsAServedChatToTheQueueKeepingItsPlace() {
        served("r1", 11, "d1", ids.get("ann"));
        RawHttp.Response returned = http.postJson(RETURN, ann, "{\"roomId\":\"room-r1\"}");

        assertThat(returned.status()).isEqualTo(200);
        assertThat(returned.body()).isEqualTo("{\"result\":true,\"success\":true}");
        assertThat(row("r1")).isEqualTo("queued|d1|09:11|t|f|f");
        assertThat(steps("r1")).containsExactly("returned|" + ids.get("ann") + ">-|d1>d1|" + ids.get("ann"));
        assertThat(http.get(API_BASE + "/inquiries.queuedForUser", ben).body()).contains("\"_id\":\"r1\"");
        // Nobody serves it now: a manager's return has nothing to do, an agent's is not its to make.
        assertThat(post(RETURN, manager, "{\"roomId\":\"room-r1\"}")).isEqualTo("{\"result\":false,\"success\":true}");
        assertThat(post(RETURN, ann, "{\"roomId\":\"room-r1\"}")).isEqualTo(error("error-not-authorized"));
        assertThat(steps("r1")).hasSize(1);
    }

    @Test
    void returnsOnlyForTheServingAgentOrAManagerInItsScope() {
        served("r2", 12, "d1", ids.get("ann"));
        served("r3", 13, "d2", ids.get("carl"));
        assertThat(post(RETURN, ben, "{\"roomId\":\"room-r2\"}")).isEqualTo(error("error-not-authorized"));
        assertThat(post(RETURN, mona, "{\"roomId\":\"room-r2\"}")).isEqualTo(error("error-not-authorized"));
        assertThat(post(RETURN, manager, "{\"roomId\":\"room-r2\",\"departmentId\":\"nowhere\"}"))
                .isEqualTo(error("error-invalid-department"));
        assertThat(post(RETURN, manager, "{\"roomId\":\"room-r2\",\"departmentId\":\"d4\"}"))
                .isEqualTo(error("error-invalid-department"));
        assertThat(row("r2")).startsWith("taken|");
        assertThat(post(RETURN, manager, "{\"roomId\":\"room-r2\",\"departmentId\":\"d2\"}"))
                .isEqualTo("{\"result\":true,\"success\":true}");
        assertThat(row("r2")).isEqualTo("queued|d2|09:12|t|f|f");
        assertThat(steps("r2")).containsExactly("forwarded|" + ids.get("ann") + ">-|d1>d2|" + ids.get("mgr"));
        assertThat(post(RETURN, mona, "{\"roomId\":\"room-r3\"}")).isEqualTo("{\"result\":true,\"success\":true}");

        assertThat(post(RETURN, ann, "{\"roomId\":\"no-such-room\"}")).isEqualTo(error("error-room-not-found"));
        served("r4", 14, "d1", ids.get("ann"));
        assertThat(post(CLOSE, ann, "{\"rid\":\"room-r4\",\"comment\":\"Done\"}")).isEqualTo(DONE);
        assertThat(post(RETURN, ann, "{\"roomId\":\"room-r4\"}")).isEqualTo(error("room-closed"));
    }

    @Test
    void refusesReturnBodiesAndCallersAsTheContractSays() {
        assertThat(http.postJson(RETURN, List.of(), "{\"roomId\":\"x\"}").status()).isEqualTo(401);
        assertThat(post(RETURN, plain, "{\"roomId\":\"x\"}")).isEqualTo(FORBIDDEN);
        assertThat(post(RETURN, ann, "{}")).isEqualTo(invalid("must have required property 'roomId'"));
        assertThat(post(RETURN, ann, "{\"roomId\":\"x\",\"rid\":\"y\"}")).isEqualTo(invalid("must NOT have additional properties"));
        assertThat(post(RETURN, ann, "{\"roomId\":1}")).isEqualTo(invalid("roomId must be string"));
        assertThat(post(RETURN, ann, "{\"roomId\":\"x\",\"departmentId\":[]}")).isEqualTo(invalid("departmentId must be string"));
        assertThat(post(RETURN, ann, "[]")).isEqualTo(invalid("The body must be a JSON object"));
    }

    @Test
    void forwardsToAnOnDutyAgentWhoTakesItAtOnce() {
        served("f1", 21, "d1", ids.get("ann"));
        assertThat(post(FORWARD, ann, "{\"roomId\":\"room-f1\",\"userId\":\"" + ids.get("ben") + "\"}")).isEqualTo(FORBIDDEN);
        assertThat(post(FORWARD, manager, "{\"roomId\":\"room-f1\",\"userId\":\"" + ids.get("ann") + "\"}"))
                .isEqualTo(error("error-selected-agent-room-agent-are-same"));
        assertThat(post(FORWARD, manager, "{\"roomId\":\"room-f1\",\"userId\":\"nobody\"}")).isEqualTo(error("error-user-is-offline"));
        assertThat(post(FORWARD, manager, "{\"roomId\":\"room-f1\",\"userId\":\"" + ids.get("mgr") + "\"}"))
                .isEqualTo(error("error-user-is-offline"));
        new AgentRepository(API.database()).setStatus("carl", LivechatStatus.NOT_AVAILABLE);
        try {
            assertThat(post(FORWARD, manager, "{\"roomId\":\"room-f1\",\"userId\":\"" + ids.get("carl") + "\"}"))
                    .isEqualTo(error("error-user-is-offline"));
        } finally {
            new AgentRepository(API.database()).setStatus("carl", LivechatStatus.AVAILABLE);
        }
        assertThat(row("f1")).startsWith("taken|" + ids.get("ann") + "|");

        RawHttp.Response forwarded = http.postJson(FORWARD, manager,
                "{\"roomId\":\"room-f1\",\"userId\":\"" + ids.get("ben") + "\",\"comment\":\"Ben knows\",\"clientAction\":true}");
        assertThat(forwarded.status()).isEqualTo(200);
        assertThat(forwarded.body()).isEqualTo(DONE);
        assertThat(row("f1")).isEqualTo("taken|" + ids.get("ben") + "|d1|09:21|f|t|f");
        assertThat(steps("f1")).containsExactly("forwarded|" + ids.get("ann") + ">" + ids.get("ben") + "|d1>d1|" + ids.get("mgr"));
        assertThat(post(CLOSE, ann, "{\"rid\":\"room-f1\",\"comment\":\"Gone\"}")).isEqualTo(error("error-not-authorized"));
        assertThat(post(CLOSE, ben, "{\"rid\":\"room-f1\",\"comment\":\"Mine now\"}")).isEqualTo(DONE);
        assertThat(post(FORWARD, manager, "{\"roomId\":\"room-f1\",\"userId\":\"" + ids.get("ann") + "\"}"))
                .isEqualTo(error("This_conversation_is_already_closed"));
    }

    @Test
    void forwardsToAnotherDepartmentsQueueKeepingItsPlace() {
        served("f2", 22, "d1", ids.get("ann"));
        assertThat(post(FORWARD, manager, "{\"roomId\":\"room-f2\",\"departmentId\":\"d1\"}"))
                .isEqualTo(error("error-forwarding-chat-same-department"));
        assertThat(post(FORWARD, manager, "{\"roomId\":\"room-f2\",\"departmentId\":\"nowhere\"}"))
                .isEqualTo(error("error-invalid-department"));
        assertThat(post(FORWARD, manager, "{\"roomId\":\"room-f2\",\"departmentId\":\"d4\"}"))
                .isEqualTo(error("error-invalid-department"));
        assertThat(post(FORWARD, manager, "{\"roomId\":\"room-f2\",\"departmentId\":\"d2\"}")).isEqualTo(DONE);
        assertThat(row("f2")).isEqualTo("queued|d2|09:22|t|f|f");
        assertThat(steps("f2")).containsExactly("forwarded|" + ids.get("ann") + ">-|d1>d2|" + ids.get("mgr"));
        assertThat(http.get(API_BASE + "/inquiries.queuedForUser", ben).body()).contains("\"_id\":\"f2\"");
        assertThat(http.get(API_BASE + "/inquiries.queuedForUser", ann).body()).doesNotContain("\"_id\":\"f2\"");

        assertThat(post(FORWARD, manager, "{\"roomId\":\"no-such\",\"departmentId\":\"d2\"}")).isEqualTo(error("error-invalid-room"));
        // A restricted monitor forwards only the rooms of its departments; others are not there for it.
        served("f3", 23, "d1", ids.get("ann"));
        assertThat(post(FORWARD, mona, "{\"roomId\":\"room-f3\",\"departmentId\":\"d2\"}")).isEqualTo(error("error-invalid-room"));
        assertThat(post(FORWARD, mona, "{\"roomId\":\"room-f2\",\"userId\":\"" + ids.get("carl") + "\"}")).isEqualTo(DONE);
        assertThat(row("f2")).startsWith("taken|" + ids.get("carl") + "|d2|09:22|");
    }

    @Test
    void refusesForwardBodiesAndCallersAsTheContractSays() {
        assertThat(http.postJson(FORWARD, List.of(), "{\"roomId\":\"x\"}").status()).isEqualTo(401);
        assertThat(post(FORWARD, plain, "{\"roomId\":\"x\",\"userId\":\"y\"}")).isEqualTo(FORBIDDEN);
        assertThat(post(FORWARD, manager, "{}")).isEqualTo(invalid("must have required property 'roomId'"));
        // Neither target: Rocket.Chat's schema accepts it and its transfer fails, after the room's own checks.
        assertThat(post(FORWARD, manager, "{\"roomId\":\"x\"}")).isEqualTo("{\"success\":false,\"error\":\"error-invalid-room\"}");
        served("fz", 40, "d1", ids.get("ann"));
        assertThat(post(FORWARD, manager, "{\"roomId\":\"room-fz\",\"userId\":null,\"departmentId\":null}"))
                .isEqualTo("{\"success\":false,\"error\":\"error-forwarding-chat\"}");
        assertThat(row("fz")).startsWith("taken|" + ids.get("ann") + "|d1|");
        assertThat(post(FORWARD, manager, "{\"roomId\":\"x\",\"userId\":3}")).isEqualTo(invalid("userId must be string"));
        assertThat(post(FORWARD, manager, "{\"roomId\":\"x\",\"userId\":\"y\",\"clientAction\":\"yes\"}"))
                .isEqualTo(invalid("clientAction must be boolean"));
        assertThat(post(FORWARD, manager, "{\"roomId\":\"x\",\"to\":\"y\"}")).isEqualTo(invalid("must NOT have additional properties"));
    }

    /**
     * The stream follows the moves: a returned chat and one forwarded to a department are {@code added} back at their
     * old place (ts unchanged); one forwarded to an agent or closed while queued is {@code removed}.
     */
    @Test
    void showsTheMovesOnTheLiveStream() {
        try (EventStreamClient stream = EventStreamClient.open(API.port(), StreamTest.STREAM + "?department=d3", manager)) {
            assertThat(stream.status()).isEqualTo(200);
            assertThat(stream.next(WAIT).name()).isEqualTo("reset");
            served("s1", 31, "d3", ids.get("ann"));
            assertThat(stream.next(WAIT).name()).isEqualTo("added");
            assertThat(stream.next(WAIT).name()).isEqualTo("removed");
            String s1 = "\"_id\":\"s1\",\"rid\":\"room-s1\",\"name\":\"Visitor s1\",\"ts\":\"2026-12-01T09:31:00.000Z\"";

            assertThat(post(RETURN, ann, "{\"roomId\":\"room-s1\"}")).isEqualTo("{\"result\":true,\"success\":true}");
            Event added = stream.next(WAIT);
            assertThat(added.data()).isEqualTo("{\"type\":\"added\"," + s1 + ",\"status\":\"queued\",\"department\":\"d3\"}");

            assertThat(post(FORWARD, manager, "{\"roomId\":\"room-s1\",\"userId\":\"" + ids.get("ben") + "\"}")).isEqualTo(DONE);
            Event removed = stream.next(WAIT);
            assertThat(removed.data()).isEqualTo("{\"type\":\"removed\"," + s1 + ",\"status\":\"taken\",\"department\":\"d3\"}");

            served("s2", 32, "d1", ids.get("ann"));
            assertThat(post(FORWARD, manager, "{\"roomId\":\"room-s2\",\"departmentId\":\"d3\"}")).isEqualTo(DONE);
            assertThat(stream.next(WAIT).data()).isEqualTo("{\"type\":\"added\",\"_id\":\"s2\",\"rid\":\"room-s2\","
                    + "\"name\":\"Visitor s2\",\"ts\":\"2026-12-01T09:32:00.000Z\",\"status\":\"queued\",\"department\":\"d3\"}");
            assertThat(post(CLOSE, manager, "{\"rid\":\"room-s2\",\"comment\":\"Gave up\"}")).isEqualTo(DONE);
            assertThat(stream.next(WAIT).data()).isEqualTo("{\"type\":\"removed\",\"_id\":\"s2\",\"rid\":\"room-s2\","
                    + "\"name\":\"Visitor s2\",\"ts\":\"2026-12-01T09:32:00.000Z\",\"status\":\"closed\",\"department\":\"d3\"}");
        }
    }

    /** The OpenAPI document's examples of the moves are the bodies the server sends. */
    @Test
    void documentsEachMovesBodiesAsTheServerSendsThem() throws Exception {
        ObjectMapper json = new ObjectMapper();
        JsonNode paths = json.readTree(http.get("/openapi?format=JSON", List.of()).body()).get("paths");
        String errors = "/responses/400/content/application~1json/examples/";
        JsonNode close = paths.get(CLOSE).get("post");
        JsonNode back = paths.get(RETURN).get("post");
        JsonNode forward = paths.get(FORWARD).get("post");
        for (JsonNode operation : List.of(close, back, forward)) {
            operation.at("/requestBody/content/application~1json/examples").forEach(example ->
                    assertThat(example.has("value")).isTrue());
        }
        served("o1", 41, "d1", ids.get("ann"));
        served("o2", 42, "d1", ids.get("ann"));
        served("o3", 43, "d1", ids.get("ann"));
        Map<String, RawHttp.Response> sent = new LinkedHashMap<>();
        sent.put("close 400 notAuthorized", http.postJson(CLOSE, ben, "{\"rid\":\"room-o1\",\"comment\":\"x\"}"));
        sent.put("close 400 commentRequired", http.postJson(CLOSE, ann, "{\"rid\":\"room-o1\"}"));
        sent.put("close 400 invalidRoom", http.postJson(CLOSE, ann, "{\"rid\":\"nothing\",\"comment\":\"x\"}"));
        sent.put("close 400 missing", http.postJson(CLOSE, ann, "{}"));
        sent.put("close 200", http.postJson(CLOSE, ann, "{\"rid\":\"room-o1\",\"comment\":\"Solved\",\"tags\":[\"billing\"]}"));
        sent.put("close 400 alreadyClosed", http.postJson(CLOSE, ann, "{\"rid\":\"room-o1\",\"comment\":\"x\"}"));
        sent.put("return 400 notFound", http.postJson(RETURN, ann, "{\"roomId\":\"nothing\"}"));
        sent.put("return 400 closed", http.postJson(RETURN, ann, "{\"roomId\":\"room-o1\"}"));
        sent.put("return 400 notAuthorized", http.postJson(RETURN, ben, "{\"roomId\":\"room-o2\"}"));
        sent.put("return 400 invalidDepartment", http.postJson(RETURN, ann, "{\"roomId\":\"room-o2\",\"departmentId\":\"x\"}"));
        sent.put("return 400 missing", http.postJson(RETURN, ann, "{}"));
        sent.put("return 200 returned", http.postJson(RETURN, ann, "{\"roomId\":\"room-o2\"}"));
        sent.put("return 200 notServed", http.postJson(RETURN, manager, "{\"roomId\":\"room-o2\"}"));
        sent.put("forward 400 invalidRoom", http.postJson(FORWARD, manager, "{\"roomId\":\"nothing\",\"departmentId\":\"d2\"}"));
        sent.put("forward 400 closed", http.postJson(FORWARD, manager, "{\"roomId\":\"room-o1\",\"departmentId\":\"d2\"}"));
        sent.put("forward 400 sameAgent",
                http.postJson(FORWARD, manager, "{\"roomId\":\"room-o3\",\"userId\":\"" + ids.get("ann") + "\"}"));
        sent.put("forward 400 offline", http.postJson(FORWARD, manager, "{\"roomId\":\"room-o3\",\"userId\":\"nobody\"}"));
        sent.put("forward 400 invalidDepartment", http.postJson(FORWARD, manager, "{\"roomId\":\"room-o3\",\"departmentId\":\"x\"}"));
        sent.put("forward 400 sameDepartment", http.postJson(FORWARD, manager, "{\"roomId\":\"room-o3\",\"departmentId\":\"d1\"}"));
        sent.put("forward 400 noTarget", http.postJson(FORWARD, manager, "{\"roomId\":\"room-o3\"}"));
        sent.put("forward 200", http.postJson(FORWARD, manager, "{\"roomId\":\"room-o3\",\"departmentId\":\"d2\"}"));
        Map<String, JsonNode> operations = Map.of("close", close, "return", back, "forward", forward);
        sent.forEach((name, response) -> {
            String[] parts = name.split(" ");
            JsonNode operation = operations.get(parts[0]);
            JsonNode example = parts.length == 2
                    ? operation.at("/responses/200/content/application~1json/example")
                    : parts[1].equals("200")
                    ? operation.at("/responses/200/content/application~1json/examples/" + parts[2] + "/value")
                    : operation.at(errors + parts[2] + "/value");
            assertThat(example.isMissingNode()).as(name).isFalse();
            assertThat(response.status()).as(name).isEqualTo(Integer.parseInt(parts[1]));
            try {
                assertThat(json.readTree(response.body())).as(name).isEqualTo(example);
            } catch (IOException unreadable) {
                throw new AssertionError(name, unreadable);
            }
        });
        int documented = 0;
        for (JsonNode operation : operations.values()) {
            documented += operation.at("/responses/400/content/application~1json/examples").size();
        }
        assertThat(sent.keySet()).filteredOn(name -> name.contains(" 400 ")).hasSize(documented);
    }
}
