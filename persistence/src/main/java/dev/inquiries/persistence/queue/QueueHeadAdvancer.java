package dev.inquiries.persistence.queue;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.sql.Types;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.inquiries.persistence.Database;
import dev.inquiries.persistence.queue.QueueChangeLog.Bounds;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;

/**
 * Keeps V31's heads of the queues ({@code queue_heads}, read by {@link QueueHeads}) close behind the oldest queued
 * inquiry of each department, so that oldest-first reads start past what was taken: a {@link ChangeFollower.Consumer}
 * that, when a pass of the change log holds changes that removed queued inquiries (takes, deletes, moves, a later
 * ts) or a reset, runs {@code advance_queue_heads()} for the departments they left. Arrivals need nothing from it:
 * their own triggers lower the heads in their transaction.
 *
 * <p>Driven by the committed changes, not by a clock, and debounced: runs happen on a thread of their own, one at a
 * time, each starting at least {@link #INTERVAL} after the previous one started; what is asked for meanwhile is
 * merged into the next run. Every instance of the service runs one, and that is harmless: the function lets one
 * session advance at a time (the others return at once), never waits for a writer (it skips heads a writer holds,
 * which are asked for again here), never lowers a head, and a stale head only costs a read the walk it would have
 * had without heads.
 */
public final class QueueHeadAdvancer implements ChangeFollower.Consumer {

    /** The least time between the starts of two runs. */
    public static final Duration INTERVAL = Duration.ofMillis(200);

    private static final Duration AFTER_FAILURE = Duration.ofSeconds(5);
    private static final Logger LOG = System.getLogger(QueueHeadAdvancer.class.getName());

    /**
     * The departments (keys as queue_counts') that queued inquiries left in the positions (:after, :upTo]; a row of
     * NULL for a reset (a bulk statement or a truncate: any department).
     */
    private static final String REMOVED = """
            SELECT DISTINCT CASE WHEN kind = 'reset' THEN NULL ELSE coalesce(old_department_id, '') END AS department_key
              FROM queue_changes
             WHERE position > :after AND position <= :upTo
               AND (kind = 'reset' OR kind IN ('update', 'delete') AND inquiry_is_queued(old_status))""";

    private static final String ADVANCE = "SELECT moved, skipped FROM advance_queue_heads(CAST(:departments AS text[]))";

    private final Database database;
    private final Duration interval;
    private final ScheduledExecutorService runner = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("inquiries-queue-heads").factory());
    private final AtomicLong runs = new AtomicLong();
    private final AtomicLong moved = new AtomicLong();

    /** The position up to which the log was looked at; -1 before the first pass. Only the follower's thread. */
    private long cursor = -1;

    // What the next run advances, whether it is scheduled, and when the last one started: under the monitor.
    private boolean everyDepartment;
    private final Set<String> departments = new TreeSet<>();
    private boolean scheduled;
    private long lastStart;
    private boolean closed;
    /** Whether the last run failed (only the runner's thread): a failure is logged once until a run succeeds. */
    private boolean failing;

    /** The advancer of the follower's database, at most one run every {@link #INTERVAL}. */
    public QueueHeadAdvancer(ChangeFollower follower) {
        this(follower, INTERVAL);
    }

    /** The advancer of the follower's database, at most one run every {@code interval}. */
    public QueueHeadAdvancer(ChangeFollower follower, Duration interval) {
        this.database = Objects.requireNonNull(follower, "follower").database();
        this.interval = Objects.requireNonNull(interval, "interval");
        this.lastStart = System.nanoTime() - interval.toNanos();
        follower.register(this);
    }

    /** How many runs have called the function so far. */
    public long runs() {
        return runs.get();
    }

    /** How many heads the runs have moved so far. */
    public long moved() {
        return moved.get();
    }

    @Override
    public void advance(Handle handle, Bounds bounds) {
        long newest = bounds.newest();
        if (cursor < 0 || !bounds.canResumeAfter(cursor)) {
            // The first pass (heads may be behind from before this instance started), or changes trimmed unseen.
            cursor = newest;
            request(true, List.of(), Duration.ZERO);
            return;
        }
        if (cursor == newest) {
            return;
        }
        List<Optional<String>> removed = handle.createQuery(REMOVED)
                .bind("after", cursor)
                .bind("upTo", newest)
                .map((row, context) -> Optional.ofNullable(row.getString("department_key")))
                .list();
        cursor = newest;
        if (!removed.isEmpty()) {
            request(removed.stream().anyMatch(Optional::isEmpty), removed.stream().flatMap(Optional::stream).toList(),
                    Duration.ZERO);
        }
    }

    @Override
    public void reset(long newest) {
        cursor = newest;
        request(true, List.of(), Duration.ZERO);
    }

    @Override
    public Duration longestPause() {
        // Passes are wanted only when there are changes, which wake the follower anyway.
        return Duration.ofMinutes(1);
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        runner.shutdown();
        try {
            runner.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Asks for a run for these departments (or all), at least {@code notBefore} from now and an interval after the
     * last run started; merged into a run already scheduled.
     */
    private synchronized void request(boolean all, List<String> keys, Duration notBefore) {
        if (closed) {
            return;
        }
        everyDepartment |= all;
        departments.addAll(keys);
        if (scheduled) {
            return;
        }
        long delay = Math.max(notBefore.toNanos(), lastStart + interval.toNanos() - System.nanoTime());
        try {
            runner.schedule(this::run, Math.max(0, delay), TimeUnit.NANOSECONDS);
            scheduled = true;
        } catch (RejectedExecutionException closing) {
            // Closed meanwhile.
        }
    }

    private void run() {
        boolean all;
        List<String> keys;
        synchronized (this) {
            all = everyDepartment;
            keys = List.copyOf(departments);
            everyDepartment = false;
            departments.clear();
            scheduled = false;
            lastStart = System.nanoTime();
        }
        if (!all && keys.isEmpty()) {
            return;
        }
        try {
            Result result = database.withHandle(handle -> {
                Query query = handle.createQuery(ADVANCE);
                if (all) {
                    query.bindNull("departments", Types.ARRAY);
                } else {
                    query.bindArray("departments", String.class, keys);
                }
                return query.map((row, context) -> new Result(row.getInt("moved"), row.getInt("skipped"))).one();
            });
            runs.incrementAndGet();
            moved.addAndGet(result.moved());
            failing = false;
            if (result.skipped() > 0) {
                request(all, keys, Duration.ZERO);
            }
        } catch (RuntimeException failure) {
            if (!failing) {
                // The class, not the message: driver text may name hosts or values.
                LOG.log(Level.WARNING, "Could not advance the queues' heads (" + failure.getClass().getSimpleName()
                        + "); oldest-first reads may walk more of the queue's dead entries until a later run succeeds");
            }
            failing = true;
            request(all, keys, AFTER_FAILURE);
        }
    }

    private record Result(int moved, int skipped) {
    }
}
