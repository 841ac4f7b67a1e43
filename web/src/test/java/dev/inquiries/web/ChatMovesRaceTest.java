package dev.inquiries.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.inquiries.domain.Roles;
import dev.inquiries.persistence.AgentRepository;
import dev.inquiries.persistence.Database;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Concurrent moves of one chat (closes, returns and forwards released together from 16 threads, as two instances'
 * worth of agents and managers would send them): each move either applies to the state the others left or gets its
 * contract error, the chat ends in exactly one consistent state, and its timeline holds exactly the moves that
 * applied, each continuing from the one before.
 */
@Timeout(120)
class ChatMovesRaceTest {

    private static final String API_BASE = InquiriesServer.LIVECHAT_API;
    private static final String CLOSE = API_BASE + "/room.closeByUser";
    private static final String RETURN = API_BASE + "/inquiries.returnAsInquiry";
    private static final String FORWARD = API_BASE + "/room.forward";
    private static final int THREADS = 16;
    private static final int ROUNDS = 6;

    /** Every answer a move may get in the race: its success or a contract error. */
    private static final Set<String> ANSWERS = Set.of("{\"success\":true}", "{\"result\":true,\"success\":true}",
            "{\"result\":false,\"success\":true}", error("error-room-already-closed"), error("error-not-authorized"),
            error("room-closed"), error("This_conversation_is_already_closed"),
            error("error-selected-agent-room-agent-are-same"), error("error-forwarding-chat-same-department"));

    @RegisterExtension
    static final ApiServerExtension API = ApiServerExtension.onTestDatabase();

    private static List<String> ann;
    private static List<String> ben;
    private static List<String> manager;
    private static String annId;
    private static String benId;
    private static ExecutorService pool;
    /** A second instance of the service on the same database, with a pool of its own. */
    private static Database secondDatabase;
    private static WebServer secondServer;
    private static List<RawHttp> instances;

    /** One request of the race: who sends what where. */
    private record Move(String name, List<String> caller, String path, String json) {
    }

    @BeforeAll
    static void arrange() {
        API.department("d1", "Sales").department("d2", "Support");
        ann = API.loginWithRoles("ann", Roles.LIVECHAT_AGENT);
        ben = API.loginWithRoles("ben", Roles.LIVECHAT_AGENT);
        manager = API.loginWithRoles("mgr", Roles.LIVECHAT_MANAGER);
        AgentRepository agents = new AgentRepository(API.database());
        agents.add("ann", "d1");
        agents.add("ben", "d1");
        annId = API.token("ann").userId();
        benId = API.token("ben").userId();
        pool = Executors.newFixedThreadPool(THREADS);
        secondDatabase = API.testDatabase().open();
        WebServerConfig.Builder builder = WebServer.builder().host("localhost").port(0);
        InquiriesServer.configure(builder, secondDatabase, Settings.defaults());
        secondServer = builder.build().start();
        instances = List.of(API.http(), new RawHttp(secondServer.port()));
    }

    @AfterAll
    static void stop() {
        pool.shutdownNow();
        secondServer.stop();
        secondDatabase.close();
    }

    private static String error(String code) {
        return "{\"success\":false,\"error\":\"" + code + "\"}";
    }

    private static void served(String id, int round) {
        API.inquiry(id, "Visitor " + id, Instant.parse("2026-12-01T10:00:00Z").plusSeconds(round), "queued", "d1");
        API.jdbi().useHandle(handle -> handle.execute(
                "UPDATE inquiries SET status = 'taken', taken_by = ?, taken_at = now() WHERE id = ?", annId, id));
    }

    /** Releases the moves together, half of them on each instance; their answers, in the order of the moves. */
    private List<String> race(List<Move> moves) throws Exception {
        CyclicBarrier start = new CyclicBarrier(moves.size());
        List<Future<String>> answers = new ArrayList<>();
        for (int i = 0; i < moves.size(); i++) {
            Move move = moves.get(i);
            RawHttp instance = instances.get(i % instances.size());
            answers.add(pool.submit(() -> {
                start.await();
                RawHttp.Response response = instance.postJson(move.path(), move.caller(), move.json());
                return response.status() + " " + response.body();
            }));
        }
        List<String> bodies = new ArrayList<>();
        for (Future<String> answer : answers) {
            bodies.add(answer.get());
        }
        return bodies;
    }

    /** The chat's steps made through the API (those with an actor): kind, agent and department before and after. */
    private static List<Map<String, Object>> steps(String id) {
        return API.jdbi().withHandle(handle -> handle.createQuery("SELECT kind, from_agent_id, agent_id, "
                        + "from_department_id, department_id, status, actor_id FROM chat_events "
                        + "WHERE inquiry_id = :id AND actor_id IS NOT NULL ORDER BY id")
                .bind("id", id).mapToMap().list());
    }

    @Test
    void endsConcurrentClosesReturnsAndForwardsOfOneChatInOneConsistentState() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            String id = "mixed-" + round;
            String room = "room-" + id;
            served(id, round);
            List<Move> moves = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                moves.add(new Move("ann closes", ann, CLOSE, "{\"rid\":\"" + room + "\",\"comment\":\"ann " + i + "\"}"));
                moves.add(new Move("ann returns", ann, RETURN, "{\"roomId\":\"" + room + "\"}"));
                moves.add(new Move("to ben", manager, FORWARD, "{\"roomId\":\"" + room + "\",\"userId\":\"" + benId + "\"}"));
            }
            for (int i = 0; i < 2; i++) {
                moves.add(new Move("to d2", manager, FORWARD, "{\"roomId\":\"" + room + "\",\"departmentId\":\"d2\"}"));
                moves.add(new Move("manager closes", manager, CLOSE, "{\"rid\":\"" + room + "\",\"comment\":\"mgr " + i + "\"}"));
                moves.add(new Move("ben closes", ben, CLOSE, "{\"rid\":\"" + room + "\",\"comment\":\"ben " + i + "\"}"));
            }
            moves.add(new Move("manager returns", manager, RETURN, "{\"roomId\":\"" + room + "\"}"));
            Collections.shuffle(moves, new Random(round));
            assertThat(moves).hasSize(THREADS);

            List<String> answers = race(moves);

            int applied = 0;
            int closes = 0;
            for (int i = 0; i < moves.size(); i++) {
                String answer = answers.get(i);
                String body = answer.substring(4);
                assertThat(body).as(moves.get(i).name() + " in round " + round).isIn(ANSWERS);
                assertThat(answer).startsWith(body.contains("\"success\":true") ? "200 " : "400 ");
                if (body.equals("{\"success\":true}") || body.equals("{\"result\":true,\"success\":true}")) {
                    applied++;
                    if (moves.get(i).path().equals(CLOSE)) {
                        closes++;
                    }
                }
            }
            // The manager's close is refused only by a close before it: exactly one close wins, and it ends the chat.
            assertThat(closes).as("round " + round).isEqualTo(1);
            List<Map<String, Object>> steps = steps(id);
            assertThat(steps).as("round " + round + ": one step per applied move").hasSize(applied);
            assertThat(steps.getLast().get("kind")).isEqualTo("closed");
            // Each step continues from the state the one before left: no move applied to a state it did not see.
            Object agent = annId;
            Object department = "d1";
            for (Map<String, Object> step : steps) {
                assertThat(step.get("from_agent_id")).as("round " + round + " " + steps).isEqualTo(agent);
                assertThat(step.get("from_department_id")).as("round " + round + " " + steps).isEqualTo(department);
                agent = step.get("agent_id");
                department = step.get("department_id");
            }
            Object lastAgent = agent;
            Object lastDepartment = department;
            Map<String, Object> row = API.jdbi().withHandle(handle -> handle.createQuery(
                    "SELECT status, taken_by, department_id, closed_at IS NOT NULL AS closed FROM inquiries WHERE id = :id")
                    .bind("id", id).mapToMap().one());
            assertThat(row.get("status")).isEqualTo("closed");
            assertThat(row.get("closed")).isEqualTo(true);
            assertThat(row.get("taken_by")).isEqualTo(lastAgent);
            assertThat(row.get("department_id")).isEqualTo(lastDepartment);
        }
    }

    @Test
    void letsExactlyOneOfSixteenConcurrentForwardsToOneAgentWin() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            String id = "forward-" + round;
            served(id, 100 + round);
            List<Move> moves = new ArrayList<>();
            for (int i = 0; i < THREADS; i++) {
                moves.add(new Move("to ben", manager, FORWARD, "{\"roomId\":\"room-" + id + "\",\"userId\":\"" + benId + "\"}"));
            }
            List<String> answers = race(moves);

            assertThat(answers).filteredOn(answer -> answer.equals("200 {\"success\":true}")).hasSize(1);
            assertThat(answers).filteredOn(answer -> !answer.startsWith("200 "))
                    .hasSize(THREADS - 1)
                    .allMatch(answer -> answer.equals("400 " + error("error-selected-agent-room-agent-are-same")));
            List<Map<String, Object>> steps = steps(id);
            assertThat(steps).hasSize(1);
            assertThat(steps.getFirst()).containsEntry("kind", "forwarded").containsEntry("from_agent_id", annId)
                    .containsEntry("agent_id", benId).containsEntry("actor_id", API.token("mgr").userId());
        }
    }
}
