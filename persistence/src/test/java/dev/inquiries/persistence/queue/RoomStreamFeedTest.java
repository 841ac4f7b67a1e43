package dev.inquiries.persistence.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentLinkedQueue;

import dev.inquiries.domain.visitor.RoomEvent;
import dev.inquiries.persistence.Database;
import dev.inquiries.persistence.testing.Await;
import dev.inquiries.persistence.testing.TestDatabase;
import dev.inquiries.persistence.testing.TestDatabases;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * The room streams' feed at issue 19's scale, over real PostgreSQL and the real {@link ChangeFollower}: 10,000 visitors
 * waiting in Sales, five in Support and five without a department, each subscribed. A take that changes nobody's spot
 * (the last of Sales) reaches only its own visitor and reads no spot; a take of Sales' head moves every other Sales
 * visitor and every visitor without a department (ranked among all), each told once, and nobody in Support; a take in
 * the middle moves only those behind it; all within 2 s of the commit. Estimates change for everyone in a queue when
 * what they are made of changes (an agent joins, an agent's free slot is taken), even where no spot moved.
 */
@Timeout(300)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RoomStreamFeedTest {

    private static final int SALES = 10_000;
    private static final Duration DELIVERY = Duration.ofSeconds(2);

    private static TestDatabase testDatabase;
    private static Jdbi jdbi;
    private static Database database;
    private static ChangeFollower follower;
    private static RoomStreamFeed feed;
    /** Each room's sink, by rid: Sales' in queue order, then Support's, then those without a department. */
    private static final Map<String, RecordingSink> SINKS = new LinkedHashMap<>();
    private static final Map<String, RoomStreamFeed.Subscription> SUBSCRIPTIONS = new LinkedHashMap<>();

    @BeforeAll
    static void arrange() {
        testDatabase = TestDatabases.create();
        jdbi = testDatabase.jdbi();
        database = testDatabase.open();
        jdbi.useHandle(handle -> {
            handle.execute("INSERT INTO departments (id, name) VALUES ('d1', 'Sales'), ('d2', 'Support')");
            handle.execute("INSERT INTO users (id, username) VALUES ('a1', 'ann')");
            handle.execute("INSERT INTO user_roles (user_id, role_id) VALUES ('a1', 'livechat-agent')");
            // Sales every second from 10:00, Support and none interleaved among them.
            handle.execute("INSERT INTO inquiries (id, rid, name, ts, status, department_id) "
                    + "SELECT 's' || lpad(n::text, 5, '0'), 'rs' || lpad(n::text, 5, '0'), 'V', "
                    + "timestamptz '2026-12-02 10:00:00Z' + n * interval '1 second', 'queued', 'd1' "
                    + "FROM generate_series(1, " + SALES + ") AS n");
            handle.execute("INSERT INTO inquiries (id, rid, name, ts, status, department_id) "
                    + "SELECT 'p' || n, 'rp' || n, 'V', timestamptz '2026-12-02 10:00:00.5Z' + n * interval '1000 seconds', "
                    + "'queued', 'd2' FROM generate_series(1, 5) AS n");
            handle.execute("INSERT INTO inquiries (id, rid, name, ts, status, department_id) "
                    + "SELECT 'n' || n, 'rn' || n, 'V', timestamptz '2026-12-02 10:00:00.7Z' + n * interval '1000 seconds', "
                    + "'queued', NULL FROM generate_series(1, 5) AS n");
        });
        follower = new ChangeFollower(database, 10_000, Duration.ofSeconds(1));
        feed = new RoomStreamFeed(follower);
        follower.start();
        for (int n = 1; n <= SALES; n++) {
            SINKS.put(String.format(Locale.ROOT, "rs%05d", n), new RecordingSink());
        }
        for (int n = 1; n <= 5; n++) {
            SINKS.put("rp" + n, new RecordingSink());
        }
        for (int n = 1; n <= 5; n++) {
            SINKS.put("rn" + n, new RecordingSink());
        }
        SINKS.forEach((rid, sink) -> SUBSCRIPTIONS.put(rid, feed.subscribe(rid, sink)));
    }

    @AfterAll
    static void drop() {
        follower.close();
        database.close();
        testDatabase.close();
    }

    @Test
    @Order(1)
    void tellsEachNewSubscriberItsSpotInItsQueueAndAmongAllWithoutADepartment() {
        Await.until(Duration.ofSeconds(30), () -> SINKS.values().stream().allMatch(sink -> !sink.events.isEmpty()),
                "every subscriber told its spot");
        assertThat(SINKS.get("rs00001").take()).containsExactly(spot(1));
        assertThat(SINKS.get("rs10000").take()).containsExactly(spot(SALES));
        assertThat(SINKS.get("rp3").take()).containsExactly(spot(3));
        // rn1 (10:16:40.7): behind 1,000 of Sales and rp1, rn2 behind 2,000 of Sales, rp1, rp2 and rn1.
        assertThat(SINKS.get("rn1").take()).containsExactly(spot(1_002));
        assertThat(SINKS.get("rn2").take()).containsExactly(spot(2_004));
        SINKS.values().forEach(RecordingSink::take);
    }

    @Test
    @Order(2)
    void aTakeThatMovesNobodyReachesOnlyItsOwnVisitorAndReadsNoSpot() throws InterruptedException {
        long ranked = feed.rankedRows();
        take("s10000");
        Await.until(DELIVERY, () -> !SINKS.get("rs10000").events.isEmpty(), "the taken chat's visitor told its agent");
        // A pass later (the follower polls each second), still nobody else was told anything.
        Thread.sleep(1_500);
        assertThat(SINKS.get("rs10000").take()).containsExactly(new RoomEvent.AgentData("a1", "ann"));
        assertThat(SINKS.values().stream().filter(sink -> !sink.events.isEmpty()).count()).isZero();
        // Ranked from the taken chat's place on, where nobody waits: not the 10,000 of Sales again. (The chats without
        // a department are read whole, all five: their queue counts ann, whose one free slot its first chat took.)
        assertThat(feed.rankedRows() - ranked).isLessThanOrEqualTo(5);
    }

    @Test
    @Order(3)
    void aTakeOfTheHeadMovesEveryoneBehindItOnceWithinTwoSeconds() {
        long committed = System.nanoTime();
        take("s00001");
        List<RecordingSink> moved = new ArrayList<>();
        for (int n = 2; n < SALES; n++) {
            moved.add(SINKS.get(String.format(Locale.ROOT, "rs%05d", n)));
        }
        for (int n = 1; n <= 5; n++) {
            moved.add(SINKS.get("rn" + n));
        }
        Await.until(Duration.ofSeconds(10), () -> moved.stream().allMatch(sink -> !sink.events.isEmpty()),
                "every visitor behind the head told its new spot");
        long slowest = moved.stream().mapToLong(sink -> sink.firstAt - committed).max().orElseThrow();
        List<Long> latencies = moved.stream().map(sink -> sink.firstAt - committed).sorted().toList();
        long p99 = latencies.get((int) Math.ceil(0.99 * latencies.size()) - 1);
        System.out.printf(Locale.ROOT, "room streams: %d subscribers moved by one take; delivery after commit p99 %d ms, "
                + "max %d ms%n", moved.size(), p99 / 1_000_000, slowest / 1_000_000);
        assertThat(Duration.ofNanos(p99)).isLessThanOrEqualTo(DELIVERY);

        assertThat(SINKS.get("rs00001").take()).containsExactly(new RoomEvent.AgentData("a1", "ann"));
        assertThat(SINKS.get("rs00002").take()).containsExactly(spot(1));
        assertThat(SINKS.get("rs09999").take()).containsExactly(spot(SALES - 2));
        assertThat(SINKS.get("rn1").take()).containsExactly(spot(1_001));
        for (RecordingSink sink : moved) {
            assertThat(sink.take()).as("told once").hasSizeLessThanOrEqualTo(1);
        }
        for (int n = 1; n <= 5; n++) {
            assertThat(SINKS.get("rp" + n).take()).as("Support is not moved by Sales").isEmpty();
        }
    }

    @Test
    @Order(4)
    void aTakeInTheMiddleMovesOnlyThoseBehindIt() {
        // Sales now: s00002 to s09999, spots 1 to 9,998; s05000 at 4,999 (11:23:20), before rn5 (11:23:20.7).
        long ranked = feed.rankedRows();
        take("s05000");
        Await.until(DELIVERY, () -> !SINKS.get("rs09999").events.isEmpty(), "the last visitor of Sales moved");
        Await.until(DELIVERY, () -> !SINKS.get("rn5").events.isEmpty(), "the visitor without a department behind it moved");
        assertThat(SINKS.get("rs05000").take()).containsExactly(new RoomEvent.AgentData("a1", "ann"));
        assertThat(SINKS.get("rs05001").take()).containsExactly(spot(4_999));
        assertThat(SINKS.get("rs09999").take()).containsExactly(spot(SALES - 3));
        // rn5: behind s00002 to s05000 (4,999), p1 to p5 and rn1 to rn4 before the take.
        assertThat(SINKS.get("rn5").take()).containsExactly(spot(5_008));
        for (int n = 2; n < 5_000; n++) {
            assertThat(SINKS.get(String.format(Locale.ROOT, "rs%05d", n)).take()).as("before the taken chat").isEmpty();
        }
        assertThat(SINKS.get("rn4").take()).isEmpty();
        SINKS.values().forEach(RecordingSink::take);
        // Sales from s05000's place (4,999 chats) and all queued chats from there (those and rn5), not every queue.
        assertThat(feed.rankedRows() - ranked).isLessThanOrEqualTo(5_000);
    }

    @Test
    @Order(5)
    void aClosedChatEndsItsVisitorsSubscription() {
        jdbi.useHandle(handle -> handle.execute(
                "UPDATE inquiries SET status = 'closed', closed_at = now(), closer = 'visitor' WHERE id = 'p5'"));
        Await.until(DELIVERY.multipliedBy(3), () -> !SINKS.get("rp5").events.isEmpty(), "the visitor told its chat closed");
        assertThat(SINKS.get("rp5").take()).containsExactly(new RoomEvent.Closed());
        assertThat(feed.subscribers()).isEqualTo(SINKS.size() - 1);
    }

    @Test
    @Order(6)
    void estimatesBeforeAChangesPlaceAreToldWhenWhatTheyAreMadeOfChanged() {
        // Support (rp1 to rp4 waiting) learns a handling time of 300 s and gets an agent on duty: every estimate is new.
        jdbi.useHandle(handle -> {
            handle.execute("INSERT INTO chat_events (inquiry_id, room_id, kind, at, status, from_status, department_id, agent_id) "
                    + "VALUES ('h1', 'rh1', 'taken', now() - interval '10 minutes', 'taken', 'queued', 'd2', 'a1'), "
                    + "('h1', 'rh1', 'closed', now() - interval '5 minutes', 'closed', 'taken', 'd2', NULL)");
            handle.execute("UPDATE users SET active = true, status_livechat = 'available' WHERE id = 'a1'");
            handle.execute("INSERT INTO department_agents (id, department_id, user_id) VALUES ('m1', 'd2', 'a1')");
        });
        // No chat changed: read again at the next refresh.
        Await.until(RoomStreamFeed.REFRESH.plus(DELIVERY), () -> !SINKS.get("rp4").events.isEmpty(), "Support re-estimated");
        // One server with one free slot, a chat per 300 s: (spot - 1) x 300.
        assertThat(SINKS.get("rp1").take()).containsExactly(estimate(1, 0));
        assertThat(SINKS.get("rp4").take()).containsExactly(estimate(4, 900));
        SINKS.values().forEach(RecordingSink::take);

        // The agent takes the last of Support: nobody moves, but the free slot is gone, so every estimate grows.
        take("p4");
        Await.until(DELIVERY, () -> !SINKS.get("rp1").events.isEmpty(), "the head of Support re-estimated");
        assertThat(SINKS.get("rp1").take()).containsExactly(estimate(1, 300));
        assertThat(SINKS.get("rp3").take()).containsExactly(estimate(3, 900));
    }

    @Test
    @Order(7)
    void aQueueWhoseVisitorsAllHungUpIsNoLongerRanked() {
        // Support's rp1 to rp3 still wait (rp4 was taken, rp5 closed); the passes keep count of who waits where.
        assertThat(feed.waitingQueues()).containsExactlyInAnyOrder("d1", "d2", "");
        SUBSCRIPTIONS.get("rp1").close();
        SUBSCRIPTIONS.get("rp2").close();
        follower.wake();
        Await.until(DELIVERY, () -> feed.subscribers() == SINKS.size() - 3, "two hang-ups counted");
        take("p1");
        Await.until(DELIVERY, () -> !SINKS.get("rp3").events.isEmpty(), "rp3 moved up");
        // p2 (nobody listens to it) is first now, p3 second.
        assertThat(SINKS.get("rp3").take()).last()
                .isInstanceOfSatisfying(RoomEvent.QueueData.class, data -> assertThat(data.spot()).isEqualTo(2));
        assertThat(feed.waitingQueues()).contains("d2");

        SUBSCRIPTIONS.get("rp3").close();
        follower.wake();
        Await.until(DELIVERY, () -> !feed.waitingQueues().contains("d2"), "Support ranked no more");
        assertThat(feed.waitingQueues()).containsExactlyInAnyOrder("d1", "");
        assertThat(SINKS.get("rp1").events).isEmpty();
    }

    private static void take(String inquiryId) {
        jdbi.useHandle(handle -> handle.execute(
                "UPDATE inquiries SET status = 'taken', taken_by = 'a1', taken_at = now() WHERE id = ?", inquiryId));
    }

    private static RoomEvent spot(long spot) {
        return new RoomEvent.QueueData(spot, OptionalLong.empty());
    }

    private static RoomEvent estimate(long spot, long seconds) {
        return new RoomEvent.QueueData(spot, OptionalLong.of(seconds));
    }

    /** A subscriber that keeps what it is offered, and when it got the first of them. */
    private static final class RecordingSink implements EventSink<RoomEvent> {

        private final ConcurrentLinkedQueue<RoomEvent> events = new ConcurrentLinkedQueue<>();
        private volatile long firstAt;

        @Override
        public boolean offer(RoomEvent event) {
            if (events.isEmpty()) {
                firstAt = System.nanoTime();
            }
            events.add(event);
            return true;
        }

        @Override
        public void ended(Ending why) {
            events.add(new RoomEvent.Closed());
        }

        /** The events received so far, removed. */
        List<RoomEvent> take() {
            List<RoomEvent> taken = new ArrayList<>();
            for (RoomEvent event = events.poll(); event != null; event = events.poll()) {
                taken.add(event);
            }
            return taken;
        }
    }
}
