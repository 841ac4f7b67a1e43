package dev.inquiries.persistence.queue;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import dev.inquiries.persistence.Database;
import dev.inquiries.persistence.SqlFiles;
import dev.inquiries.persistence.SqlStatement;
import dev.inquiries.persistence.StatementShape;
import dev.inquiries.persistence.queue.QueueChangeLog.Bounds;
import org.jdbi.v3.core.Handle;

/**
 * Rocket.Chat's {@code Livechat_max_queue_wait_time}: chats that wait in a queue longer than the desk allows
 * ({@code desk_settings.max_queue_wait_minutes}, set by {@code routing set --max-queue-wait}; 0, the default, never)
 * are closed as abandoned by the desk ({@code closer} system), by whichever instance sees them first, once
 * ({@code close_overdue.sql}: a conditional UPDATE over rows claimed with SKIP LOCKED).
 *
 * <p>Time, not a change, makes a chat overdue, so every instance looks: a {@link ChangeFollower.Consumer} that the
 * follower passes at least every {@link #EVERY}, which starts a sweep on a thread of its own when none is running
 * (the follower's own pass never waits for it). A chat is thus closed at most about {@link #EVERY} after its limit.
 */
public final class QueueWaitLimit implements ChangeFollower.Consumer {

    /** How often each instance looks for overdue chats. */
    public static final Duration EVERY = Duration.ofSeconds(5);

    /** The comment of a chat the desk closed for waiting too long. */
    public static final String COMMENT = "Closed by the desk: waited longer than the maximum queue wait";

    private static final int BATCH = 500;
    private static final Logger LOG = System.getLogger(QueueWaitLimit.class.getName());
    private static final String CLOSE_OVERDUE = SqlFiles.of(QueueWaitLimit.class, "close_overdue");

    /** Its statement, for the catalog ({@link dev.inquiries.persistence.Statements}). */
    public static List<StatementShape> statements() {
        return List.of(StatementShape.of(QueueWaitLimit.class, "close_overdue", "",
                new SqlStatement(CLOSE_OVERDUE, Map.of(), Map.of())));
    }

    private final Database database;
    private final ExecutorService sweeper = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().daemon().name("inquiries-queue-wait-limit").factory());
    private final AtomicBoolean sweeping = new AtomicBoolean();
    private final AtomicLong closedChats = new AtomicLong();
    private volatile long lastStart = System.nanoTime() - EVERY.toNanos();
    private volatile boolean failing;

    /** The limit's sweeper on the follower's database, started and stopped with it. */
    public QueueWaitLimit(ChangeFollower follower) {
        this.database = Objects.requireNonNull(follower, "follower").database();
        follower.register(this);
    }

    /** How many chats this instance closed for waiting too long. */
    public long closedChats() {
        return closedChats.get();
    }

    /** Closes the overdue chats now, in batches, and returns how many this call closed. */
    public int sweep() {
        int closed = 0;
        while (true) {
            List<String> batch = database.inTransaction(handle -> handle.createQuery(CLOSE_OVERDUE)
                    .bind("limit", BATCH)
                    .bind("comment", COMMENT)
                    .mapTo(String.class)
                    .list());
            closed += batch.size();
            closedChats.addAndGet(batch.size());
            if (batch.size() < BATCH) {
                return closed;
            }
        }
    }

    @Override
    public void advance(Handle handle, Bounds bounds) {
        if (System.nanoTime() - lastStart < EVERY.toNanos() || !sweeping.compareAndSet(false, true)) {
            return;
        }
        lastStart = System.nanoTime();
        try {
            sweeper.execute(() -> {
                try {
                    sweep();
                    failing = false;
                } catch (RuntimeException failure) {
                    if (!failing) {
                        // The class only: driver text may name hosts or values.
                        LOG.log(Level.WARNING, "Closing chats that waited too long failed ("
                                + failure.getClass().getSimpleName() + "); trying again in " + EVERY.toSeconds() + " s");
                    }
                    failing = true;
                } finally {
                    sweeping.set(false);
                }
            });
        } catch (RejectedExecutionException closing) {
            sweeping.set(false);
        }
    }

    @Override
    public Duration longestPause() {
        return EVERY;
    }

    @Override
    public void close() {
        sweeper.shutdown();
        try {
            sweeper.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
