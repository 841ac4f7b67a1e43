package dev.inquiries.persistence.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.inquiries.persistence.Database;
import dev.inquiries.persistence.queue.QueueChangeLog.Bounds;
import dev.inquiries.persistence.testing.Await;
import dev.inquiries.persistence.testing.TestDatabase;
import dev.inquiries.persistence.testing.TestDatabases;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Under a stream of commits the follower reads several at once: its passes start at least the gap apart
 * ({@link ChangeFollower#PASS_GAP} in service), however many wake-ups arrive in between, and every change still
 * reaches the consumers.
 */
class ChangeFollowerTest {

    /** Longer than {@link ChangeFollower#PASS_GAP}, so that the burst spans few gaps and many passes would show. */
    private static final Duration GAP = Duration.ofMillis(100);

    private TestDatabase testDatabase;
    private Jdbi jdbi;
    private Database database;
    private ChangeFollower follower;
    private final List<long[]> passes = new CopyOnWriteArrayList<>(); // {nanoTime, newest position}

    @BeforeEach
    void arrange() {
        testDatabase = TestDatabases.create();
        jdbi = testDatabase.jdbi();
        database = testDatabase.open();
        follower = new ChangeFollower(database, 100_000, Duration.ofSeconds(30), GAP);
        follower.register(new ChangeFollower.Consumer() {
            @Override
            public void advance(Handle handle, Bounds bounds) {
                passes.add(new long[] {System.nanoTime(), bounds.newest()});
            }

            @Override
            public Duration longestPause() {
                return Duration.ofSeconds(30);
            }
        });
    }

    @AfterEach
    void drop() {
        follower.close();
        database.close();
        testDatabase.close();
    }

    @Test
    void readsABurstOfCommitsInPassesAtLeastTheGapApart() {
        follower.start();
        Await.until(Duration.ofSeconds(10), () -> !passes.isEmpty(), "a first pass");
        int commits = 300;
        long started = System.nanoTime();
        jdbi.useHandle(handle -> {
            for (int i = 0; i < commits; i++) { // each its own transaction, each a wake-up of the follower
                handle.execute("INSERT INTO inquiries (id, rid, name, ts, status) VALUES (?, ?, 'V', now(), 'queued')",
                        "burst-" + i, "burst-" + i);
            }
        });
        long lastPosition = jdbi.withHandle(handle -> {
            QueueChangeLog.sequence(handle);
            return QueueChangeLog.bounds(handle, 0).newest();
        });
        Await.until(Duration.ofSeconds(10), () -> passes.getLast()[1] >= lastPosition, "a pass up to the last commit");
        long elapsed = System.nanoTime() - started;

        List<long[]> during = passes.stream().filter(pass -> pass[0] >= started).toList();
        long gap = GAP.toNanos();
        assertThat(during.size()).as("passes for %d commits in %d ms", commits, elapsed / 1_000_000)
                .isLessThanOrEqualTo((int) (elapsed / gap) + 2);
        // The consumer is called a little into each pass (after the log's numbering and bounds): passes that start
        // the gap apart reach it about that far apart.
        for (int i = 1; i < during.size(); i++) {
            assertThat(during.get(i)[0] - during.get(i - 1)[0]).as("between passes %d and %d", i - 1, i)
                    .isGreaterThan(gap / 4);
        }
    }

    @Test
    void theOldestKeptIsFoundFromAnOldestSeenBeforeAsFromNothing() {
        jdbi.useHandle(handle -> {
            for (int i = 0; i < 30; i++) {
                handle.execute("INSERT INTO inquiries (id, rid, name, ts, status) VALUES (?, ?, 'V', now(), 'queued')",
                        "kept-" + i, "kept-" + i);
            }
            QueueChangeLog.sequence(handle);
        });
        Bounds before = jdbi.withHandle(handle -> QueueChangeLog.bounds(handle, 0));
        jdbi.useHandle(handle -> QueueChangeLog.trim(handle, 10));

        Bounds fromNothing = jdbi.withHandle(handle -> QueueChangeLog.bounds(handle, 0));
        Bounds fromSeen = jdbi.withHandle(handle -> QueueChangeLog.bounds(handle, before.oldest()));
        // A log emptied and numbered again from 1 (a TRUNCATE): nothing at or past what was seen.
        Bounds fromBeyond = jdbi.withHandle(handle -> QueueChangeLog.bounds(handle, before.newest() + 1_000));

        assertThat(before.newest() - before.oldest() + 1).isEqualTo(30);
        assertThat(fromNothing).isEqualTo(new Bounds(before.newest() - 9, before.newest()));
        assertThat(fromSeen).isEqualTo(fromNothing);
        assertThat(fromBeyond).isEqualTo(fromNothing);
    }
}
