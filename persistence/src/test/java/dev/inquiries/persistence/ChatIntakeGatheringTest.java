package dev.inquiries.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;

import dev.inquiries.domain.Refusal;
import dev.inquiries.domain.RoutingMethod;
import dev.inquiries.domain.visitor.RoomRequest;
import dev.inquiries.domain.visitor.VisitorRegistration;
import dev.inquiries.persistence.chat.ChatIntake;
import dev.inquiries.persistence.chat.OpenedRoom;
import dev.inquiries.persistence.chat.VisitorRepository;
import dev.inquiries.persistence.testing.Race;
import dev.inquiries.persistence.testing.TestDatabase;
import dev.inquiries.persistence.testing.TestDatabases;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/**
 * The intake's gathered statement (ChatIntake, enqueue.sql): visitors who ask for a chat at the same moment are opened
 * together, and each still gets exactly its own room, the timeline names each one as the actor of its arrival, a
 * visitor asking twice at once gets one room, the department's cap counts the chats of the same statement, and
 * routing gives them out within capacity.
 */
class ChatIntakeGatheringTest {

    private static final int VISITORS = 40;

    private TestDatabase testDatabase;
    private Jdbi jdbi;
    private Database database;
    private VisitorRepository visitors;

    @BeforeEach
    void arrangeDesk() {
        testDatabase = TestDatabases.create();
        jdbi = testDatabase.jdbi();
        database = testDatabase.open();
        visitors = new VisitorRepository(database);
        jdbi.useHandle(handle -> {
            for (String agent : List.of("ana", "bob", "cy")) {
                handle.execute("INSERT INTO users (id, username) VALUES (?, ?)", agent, agent);
                handle.execute("INSERT INTO user_roles (user_id, role_id) VALUES (?, 'livechat-agent')", agent);
            }
        });
        for (int i = 0; i < VISITORS; i++) {
            visitors.register(new VisitorRegistration("token-" + i, Optional.of("Visitor " + i), Optional.empty(),
                    Optional.empty(), Optional.empty(), Optional.empty()));
        }
    }

    @AfterEach
    void drop() {
        database.close();
        testDatabase.close();
    }

    @RepeatedTest(3)
    void visitorsArrivingTogetherEachGetTheirOwnRoomAndAreNamedOnTheirArrival() throws Exception {
        ChatIntake intake = new ChatIntake(database, true, 0);

        // Each visitor asks twice at once: one room each, the second answer the same room.
        List<String> answers = Race.of(2 * VISITORS, i -> intake.open(request("token-" + (i % VISITORS))).room().rid());

        for (int i = 0; i < VISITORS; i++) {
            assertThat(answers.get(i)).isEqualTo(answers.get(i + VISITORS));
        }
        assertThat(answers.stream().distinct().count()).isEqualTo(VISITORS);
        assertThat(text("SELECT count(*)::text FROM inquiries WHERE status = 'queued'")).isEqualTo(
                String.valueOf(VISITORS));
        assertThat(text("SELECT count(*)::text FROM chat_events AS e JOIN inquiries AS i ON i.id = e.inquiry_id "
                + "WHERE e.kind = 'arrived' AND e.actor_id = i.visitor_id")).isEqualTo(String.valueOf(VISITORS));
        assertThat(gatheredStatements()).as("arrivals shared statements").isLessThan(VISITORS);
    }

    @RepeatedTest(3)
    void theQueueCapCountsTheChatsOfTheSameStatement() throws Exception {
        ChatIntake intake = new ChatIntake(database, true, 10);

        List<String> outcomes = Race.of(VISITORS, i -> {
            try {
                return intake.open(request("token-" + i)).newRoom() ? "opened" : "found";
            } catch (Refusal refused) {
                return String.valueOf(refused.reason());
            }
        });

        Map<String, Long> counts = new TreeMap<>();
        outcomes.forEach(outcome -> counts.merge(outcome, 1L, Long::sum));
        assertThat(counts).containsExactly(Map.entry("NO_AGENT_ONLINE", 30L), Map.entry("opened", 10L));
        assertThat(text("SELECT count(*)::text FROM inquiries")).isEqualTo("10");
    }

    @RepeatedTest(3)
    void routingGivesTheGatheredChatsOutWithinCapacity() throws Exception {
        new RoutingRepository(database).set(Optional.of(RoutingMethod.LOAD_BALANCING), OptionalInt.of(4));
        ChatIntake intake = new ChatIntake(database, true, 0);

        List<OpenedRoom> rooms = Race.of(VISITORS, i -> intake.open(request("token-" + i)));

        // Three agents, four chats each: twelve served, in queue order, the rest waiting; each answer as it is.
        assertThat(text("SELECT string_agg(taken_by || '=' || n, ',' ORDER BY taken_by) FROM (SELECT taken_by, "
                + "count(*) AS n FROM inquiries WHERE status = 'taken' GROUP BY 1) AS loads")).isEqualTo("ana=4,bob=4,cy=4");
        assertThat(text("SELECT count(*)::text FROM inquiries AS w WHERE w.status = 'queued' AND EXISTS ("
                + "SELECT 1 FROM inquiries AS t WHERE t.status = 'taken' AND (t.ts, t.id COLLATE \"C\") > (w.ts, w.id COLLATE \"C\"))"))
                .as("no waiting chat is older than a served one").isEqualTo("0");
        assertThat(rooms.stream().filter(room -> room.room().servedBy().isPresent()).count()).isEqualTo(12);
    }

    @Test
    void aChatAnAgentCanTakeIsWrittenTakenOnceAndItsTimelineShowsItArriveThenTaken() {
        new RoutingRepository(database).set(Optional.of(RoutingMethod.LOAD_BALANCING), OptionalInt.of(1));
        jdbi.useHandle(handle -> handle.execute("UPDATE users SET status_livechat = 'not-available' WHERE id <> 'ana'"));
        ChatIntake intake = new ChatIntake(database, true, 0);

        OpenedRoom served = intake.open(request("token-1"));
        OpenedRoom waiting = intake.open(request("token-2"));

        assertThat(served.room().servedBy()).isPresent();
        assertThat(waiting.room().servedBy()).isEmpty();
        // V52: one row version, one change: the served chat was inserted taken, never queued then updated.
        assertThat(text("SELECT string_agg(c.kind || ':' || c.status, ' ' ORDER BY c.id) FROM queue_changes AS c "
                + "JOIN inquiries AS i ON i.id = c.inquiry_id WHERE i.rid = '" + served.room().rid() + "'"))
                .isEqualTo("insert:taken");
        // Its timeline as a chat routed after its arrival: arrived queued by its visitor, taken by the desk.
        assertThat(text("SELECT string_agg(e.kind || ':' || e.status || ':' || coalesce(e.from_status, '-') || ':' "
                + "|| coalesce(e.agent_id, '-') || ':' || CASE e.actor_id WHEN i.visitor_id THEN 'visitor' "
                + "ELSE coalesce(e.actor_id, '-') END, ' ' ORDER BY e.id) FROM chat_events AS e "
                + "JOIN inquiries AS i ON i.id = e.inquiry_id WHERE i.rid = '" + served.room().rid() + "'"))
                .isEqualTo("arrived:queued:-:-:visitor taken:taken:queued:ana:-");
        assertThat(text("SELECT wait_until_first_take || ' ' || first_agent_id FROM chat_reports "
                + "WHERE room_id = '" + served.room().rid() + "'")).isEqualTo("00:00:00 ana");
        // The other waits (ana is full) and is taken as soon as ana has room, in an update as before.
        jdbi.useHandle(handle -> handle.execute("UPDATE inquiries SET status = 'closed', closed_at = now(), "
                + "closer = 'user' WHERE rid = ?", served.room().rid()));
        assertThat(text("SELECT string_agg(e.kind, ' ' ORDER BY e.id) FROM chat_events AS e JOIN inquiries AS i "
                + "ON i.id = e.inquiry_id WHERE i.rid = '" + waiting.room().rid() + "'")).isEqualTo("arrived taken");
    }

    @Test
    void aVisitorWithAnOpenRoomGetsItBackWhateverANewChatWouldHaveBeenRefusedFor() {
        OpenedRoom first = new ChatIntake(database, true, 0).open(request("token-1"));
        jdbi.useHandle(handle -> handle.execute("UPDATE users SET status_livechat = 'not-available'"));
        ChatIntake strict = new ChatIntake(database, false, 1);

        OpenedRoom unknownPriority = strict.open(new RoomRequest("token-1", Optional.empty(), Optional.empty(),
                Optional.of("no such priority"), Optional.of("no such sla")));
        OpenedRoom nobodyOnDuty = strict.open(request("token-1"));

        assertThat(first.newRoom()).isTrue();
        assertThat(unknownPriority.newRoom()).isFalse();
        assertThat(unknownPriority.room().rid()).isEqualTo(first.room().rid());
        assertThat(nobodyOnDuty.room().rid()).isEqualTo(first.room().rid());
        assertThatRefused(() -> strict.open(request("token-2")), "NO_AGENT_ONLINE");
        assertThatRefused(() -> strict.open(new RoomRequest("token-2", Optional.empty(), Optional.empty(),
                Optional.of("no such priority"), Optional.empty())), "INVALID_PRIORITY");
        assertThatRefused(() -> strict.open(request("no such token")), "INVALID_TOKEN");
        assertThat(text("SELECT count(*)::text FROM inquiries")).isEqualTo("1");
    }

    private static void assertThatRefused(Runnable open, String reason) {
        try {
            open.run();
        } catch (Refusal refused) {
            assertThat(String.valueOf(refused.reason())).isEqualTo(reason);
            return;
        }
        throw new AssertionError("not refused, expected " + reason);
    }

    private static RoomRequest request(String token) {
        return new RoomRequest(token, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** The statements that inserted the arrivals: arrivals of one statement share its transaction's time. */
    private int gatheredStatements() {
        return Integer.parseInt(text("SELECT count(DISTINCT at)::text FROM chat_events WHERE kind = 'arrived'"));
    }

    private String text(String sql) {
        return jdbi.withHandle(handle -> handle.createQuery(sql).mapTo(String.class).one());
    }
}
