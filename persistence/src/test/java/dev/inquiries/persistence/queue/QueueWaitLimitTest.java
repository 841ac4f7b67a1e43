package dev.inquiries.persistence.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.inquiries.persistence.Database;
import dev.inquiries.persistence.RoutingRepository;
import dev.inquiries.persistence.SqlFiles;
import dev.inquiries.persistence.testing.TestDatabase;
import dev.inquiries.persistence.testing.TestDatabases;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Livechat_max_queue_wait_time (V38's desk_settings.max_queue_wait_minutes, {@link QueueWaitLimit}): chats that have
 * waited in a queue longer than the limit are closed as abandoned by the desk, counted from when they last entered
 * the queue; nothing happens while the limit is 0; and of several instances sweeping at once each chat is closed once.
 */
class QueueWaitLimitTest {

    private TestDatabase testDatabase;
    private Jdbi jdbi;
    private Database database;
    private ChangeFollower follower;

    @BeforeEach
    void arrange() {
        testDatabase = TestDatabases.create();
        jdbi = testDatabase.jdbi();
        database = testDatabase.open();
        follower = new ChangeFollower(database, 1000, Duration.ofSeconds(1));
        jdbi.useHandle(handle -> {
            handle.execute("INSERT INTO departments (id, name) VALUES ('d1', 'Sales')");
            // Waited 20 minutes; entered the queue 20 minutes ago, but was returned 2 minutes ago; just arrived; taken.
            handle.execute("INSERT INTO inquiries (id, rid, name, ts, status, department_id, queued_at) VALUES "
                    + "('long', 'long', 'V', now() - interval '20 minutes', 'queued', 'd1', now() - interval '20 minutes'),"
                    + "('returned', 'returned', 'V', now() - interval '20 minutes', 'queued', NULL, now() - interval '2 minutes'),"
                    + "('fresh', 'fresh', 'V', now(), 'queued', 'd1', now()),"
                    + "('served', 'served', 'V', now() - interval '30 minutes', 'taken', 'd1', now() - interval '30 minutes')");
        });
    }

    @AfterEach
    void drop() {
        follower.close();
        database.close();
        testDatabase.close();
    }

    @Test
    void closesOnlyChatsQueuedLongerThanTheLimitAsAbandonedByTheDesk() {
        QueueWaitLimit limit = new QueueWaitLimit(follower);
        assertThat(limit.sweep()).as("no limit: nothing").isZero();

        new RoutingRepository(database).set(Optional.empty(), OptionalInt.empty(), OptionalInt.of(10), Optional.empty());
        assertThat(limit.sweep()).isEqualTo(1);
        assertThat(limit.sweep()).isZero();

        assertThat(text("SELECT string_agg(id || ':' || status, ' ' ORDER BY id) FROM inquiries"))
                .isEqualTo("fresh:queued long:closed returned:queued served:taken");
        assertThat(text("SELECT closer || '|' || close_comment || '|' || (closed_by IS NULL) FROM inquiries WHERE id = 'long'"))
                .isEqualTo("system|" + QueueWaitLimit.COMMENT + "|true");
        assertThat(text("SELECT abandoned::text FROM chat_reports WHERE inquiry_id = 'long'")).isEqualTo("true");
        new RoutingRepository(database).set(Optional.empty(), OptionalInt.empty(), OptionalInt.of(1), Optional.empty());
        assertThat(limit.sweep()).isEqualTo(1);
        assertThat(text("SELECT status FROM inquiries WHERE id = 'returned'")).isEqualTo("closed");
    }

    @Test
    void closesEachOverdueChatOnceWhenInstancesSweepTogether() throws Exception {
        jdbi.useHandle(handle -> handle.execute("INSERT INTO inquiries (id, rid, name, ts, status, department_id, queued_at) "
                + "SELECT 'old-' || g, 'old-' || g, 'V', now() - interval '1 hour', 'queued', 'd1', now() - interval '1 hour' "
                + "FROM generate_series(1, 1200) AS g"));
        new RoutingRepository(database).set(Optional.empty(), OptionalInt.empty(), OptionalInt.of(5), Optional.empty());
        List<QueueWaitLimit> instances = List.of(new QueueWaitLimit(follower), new QueueWaitLimit(follower),
                new QueueWaitLimit(follower), new QueueWaitLimit(follower));
        CyclicBarrier start = new CyclicBarrier(instances.size());
        List<Future<Integer>> swept = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(instances.size())) {
            for (QueueWaitLimit instance : instances) {
                swept.add(pool.submit(() -> {
                    start.await();
                    return instance.sweep();
                }));
            }
        }
        int total = 0;
        for (Future<Integer> count : swept) {
            total += count.get();
        }
        assertThat(total).isEqualTo(1201);
        assertThat(text("SELECT count(*) FROM chat_events WHERE kind = 'closed'")).isEqualTo("1201");
        assertThat(text("SELECT count(*) FROM inquiries WHERE status = 'queued'")).isEqualTo("2");
    }

    private String text(String sql) {
        return jdbi.withHandle(handle -> handle.createQuery(sql).mapTo(String.class).one());
    }

    /**
     * The sweep runs every few seconds on every instance: the limit bounds its index scan (an index condition on ts),
     * so that with the limit at 0 it reads no entry of the queue, and with one only the overdue end of it.
     */
    @Test
    void theSweepReadsOnlyTheOverdueEndOfTheQueue() {
        String plan = jdbi.withHandle(handle -> String.join("\n", handle
                .createQuery("EXPLAIN " + SqlFiles.of(QueueWaitLimit.class, "close_overdue"))
                .bind("limit", 100)
                .bind("comment", "x")
                .mapTo(String.class)
                .list()));
        assertThat(plan).as(plan).containsPattern("Index Cond: \\(.*ts < ").doesNotContain("Seq Scan on inquiries");
    }

}
