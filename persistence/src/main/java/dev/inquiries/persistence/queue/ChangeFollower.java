package dev.inquiries.persistence.queue;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

import dev.inquiries.persistence.Database;
import dev.inquiries.persistence.queue.QueueChangeLog.Bounds;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * The one follower of the change log (V25's {@code queue_changes}) in an instance: one session outside the pool
 * that LISTENs for the wake-ups, numbers committed changes (when no other instance is doing it), trims what is
 * kept, and hands every pass to the registered {@link Consumer}s (the agents' queue fan-out, the advancer of the
 * queues' heads, and later others),
 * each of which brings its own subscribers up to the newest position. A poll covers a lost notification. When the
 * session is lost (the database restarts, an operator ends it) it reconnects with growing pauses, and every
 * consumer is then told to reset its subscribers rather than leave a silent gap.
 *
 * <p>Consumers run on the follower's one thread. It reads once {@link #start()}ed (after the migrations: before
 * them there is no log to read), and ends every consumer's streams when the server begins to stop.
 */
public final class ChangeFollower implements AutoCloseable {

    /** The application name of the follower's session in {@code pg_stat_activity}. */
    public static final String APPLICATION_NAME = "inquiries-stream";

    private static final Logger LOG = System.getLogger(ChangeFollower.class.getName());

    /** How long one wait for a notification lasts: the delay before a new subscriber's catch-up starts. */
    private static final int WAIT_MILLIS = 50;
    /**
     * Passes start at least this far apart. Every commit that changes the queue wakes the follower of every instance;
     * at a hundred and more commits a second (an intake each) a pass per wake-up read one commit at a time, and the
     * followers' passes were a quarter of a busy instance's CPU. Waiting out the gap lets the commits that arrive
     * meanwhile be read in one pass; a change reaches the consumers at most this much later, and only when the
     * previous pass was this recent.
     */
    static final Duration PASS_GAP = Duration.ofMillis(10);
    /**
     * The log may grow by keep / TRIM_SLACK positions before it is trimmed back to keep, so that a trim deletes a
     * batch: trimmed one position per pass, each delete walked the dead entries the previous ones left at the log's
     * old end until a vacuum (3 ms per pass at a few hundred passes a second).
     */
    private static final int TRIM_SLACK = 10;
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
    private static final Duration LAST_BACKOFF = Duration.ofSeconds(5);

    private final Database database;
    private final long keep;
    private final Duration poll;
    private final Duration passGap;
    private final List<Consumer> consumers = new CopyOnWriteArrayList<>();
    private final AtomicBoolean due = new AtomicBoolean(true);
    private final Thread thread;
    private volatile boolean closed;
    /** The oldest position the last pass saw (0: none yet), where the next one looks from; the follower's thread's. */
    private long oldestSeen;

    /**
     * A follower of the database's log, keeping the newest {@code keep} positions (at least; a tenth more before it
     * trims) and reading at least every
     * {@code poll} (or more often, when a consumer asks for it).
     */
    public ChangeFollower(Database database, long keep, Duration poll) {
        this(database, keep, poll, PASS_GAP);
    }

    /** With another gap between passes than {@link #PASS_GAP}: for tests. */
    ChangeFollower(Database database, long keep, Duration poll, Duration passGap) {
        if (keep < 1) {
            throw new IllegalArgumentException("At least one change must be kept, not " + keep);
        }
        this.database = Objects.requireNonNull(database, "database");
        this.keep = keep;
        this.poll = Objects.requireNonNull(poll, "poll");
        this.passGap = Objects.requireNonNull(passGap, "passGap");
        this.thread = Thread.ofPlatform().daemon().name("inquiries-change-follower").unstarted(this::run);
    }

    /** Registers a consumer of every pass (before {@link #start()}). */
    void register(Consumer consumer) {
        consumers.add(Objects.requireNonNull(consumer, "consumer"));
    }

    /** Asks for a pass as soon as possible (a subscriber arrived). */
    void wake() {
        due.set(true);
    }

    /** The database the log is in, for consumers' own reads. */
    Database database() {
        return database;
    }

    /** Starts reading the log (once; later calls do nothing). */
    public synchronized void start() {
        if (thread.getState() == Thread.State.NEW && !closed) {
            thread.start();
        }
    }

    /**
     * Ends every consumer's streams now, and every stream opened from now on at once: call it when the server begins
     * to stop, so that streams do not hold it for its grace period. The log is still read until {@link #close()}.
     */
    public void stopStreams() {
        consumers.forEach(Consumer::stopStreams);
    }

    @Override
    public void close() {
        stopStreams();
        synchronized (this) {
            closed = true;
        }
        if (thread.isAlive()) {
            thread.interrupt();
            try {
                thread.join(Duration.ofSeconds(5));
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        consumers.forEach(Consumer::close);
    }

    private void run() {
        Duration backoff = FIRST_BACKOFF;
        boolean lost = false;
        while (!closed) {
            try (Connection connection = database.openSession(APPLICATION_NAME); Handle handle = Jdbi.open(connection)) {
                boolean listening = !database.behindTransactionPooler();
                if (listening) {
                    handle.execute("LISTEN " + QueueChangeLog.CHANGED_CHANNEL);
                    handle.execute("LISTEN " + QueueChangeLog.SEQUENCED_CHANNEL);
                }
                if (lost) {
                    LOG.log(Level.INFO, "The live queue is connected again; every subscriber gets a reset");
                    resetEveryone(handle);
                    lost = false;
                }
                backoff = FIRST_BACKOFF;
                follow(handle, connection.unwrap(PGConnection.class), listening);
            } catch (SQLException | RuntimeException failure) {
                if (closed) {
                    break;
                }
                if (!lost) {
                    // The cause's class, not its message: driver text may name hosts or values.
                    LOG.log(Level.WARNING, "The live queue lost its database session (" + failure.getClass().getSimpleName()
                            + "); reconnecting");
                }
                lost = true;
                LockSupport.parkNanos(backoff.toNanos());
                backoff = backoff.multipliedBy(2).compareTo(LAST_BACKOFF) > 0 ? LAST_BACKOFF : backoff.multipliedBy(2);
            }
        }
    }

    /**
     * Reads whenever woken, a subscriber arrived, or the poll interval (or a consumer's longest pause, if shorter)
     * passed, until the session fails.
     */
    private void follow(Handle handle, PGConnection connection, boolean listening) throws SQLException {
        long gap = passGap.toNanos();
        long lastPass = System.nanoTime() - gap;
        long interval = consumers.stream().map(Consumer::longestPause).reduce(poll, (a, b) -> a.compareTo(b) <= 0 ? a : b)
                .toNanos();
        while (!closed) {
            if (due.get() || System.nanoTime() - lastPass >= interval) {
                long rest = lastPass + gap - System.nanoTime();
                if (rest > 0) {
                    LockSupport.parkNanos(rest);
                    continue;
                }
                due.set(false);
                lastPass = System.nanoTime();
                pass(handle);
            }
            if (listening) {
                PGNotification[] notifications = connection.getNotifications(WAIT_MILLIS);
                if (notifications != null && notifications.length > 0) {
                    due.set(true);
                }
            } else {
                LockSupport.parkNanos(Duration.ofMillis(WAIT_MILLIS).toNanos());
            }
        }
    }

    /**
     * Numbers what is committed (its own transaction, so that the lock and the positions are released and
     * announced at once), then lets every consumer catch up to the newest position, and trims the log.
     */
    private void pass(Handle handle) {
        handle.useTransaction(transaction -> {
            database.scopeTransaction(transaction);
            QueueChangeLog.sequence(transaction);
        });
        handle.useTransaction(transaction -> {
            database.scopeTransaction(transaction);
            Bounds bounds = QueueChangeLog.bounds(transaction, oldestSeen);
            oldestSeen = bounds.oldest();
            for (Consumer consumer : consumers) {
                consumer.advance(transaction, bounds);
            }
            if (bounds.newest() - bounds.oldest() + 1 > keep + keep / TRIM_SLACK) {
                QueueChangeLog.trim(transaction, keep);
            }
        });
    }

    private void resetEveryone(Handle handle) {
        handle.useTransaction(transaction -> {
            database.scopeTransaction(transaction);
            QueueChangeLog.sequence(transaction);
        });
        long newest = handle.inTransaction(transaction -> {
            database.scopeTransaction(transaction);
            Bounds bounds = QueueChangeLog.bounds(transaction, oldestSeen);
            oldestSeen = bounds.oldest();
            return bounds.newest();
        });
        consumers.forEach(consumer -> consumer.reset(newest));
    }

    /** What reads the log through the follower. Called on the follower's thread, but for {@link #stopStreams()}. */
    interface Consumer {

        /**
         * Brings the consumer's subscribers up to {@code bounds.newest()}, reading in the pass's transaction; what
         * is not in {@code bounds} any more (trimmed) is a reset.
         */
        void advance(Handle handle, Bounds bounds);

        /**
         * The follower lost its session and has it again: every subscriber gets a reset to {@code newest}. Nothing to
         * do for a consumer that keeps nothing per position.
         */
        default void reset(long newest) {
        }

        /** Ends every stream, and every one opened from now on at once (the server stops). None by default. */
        default void stopStreams() {
        }

        /** The longest the consumer may go without a pass (the follower passes at least this often). */
        Duration longestPause();

        /** The follower has stopped reading for good: release what the consumer holds (its threads). */
        default void close() {
        }
    }
}
