package dev.inquiries.persistence;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

import dev.inquiries.domain.InquiryStreamRequest;
import dev.inquiries.domain.QueueAudience;
import dev.inquiries.domain.QueueEvent;
import dev.inquiries.persistence.QueueChangeLog.Bounds;
import dev.inquiries.persistence.QueueChangeLog.Delivery;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * The live queue of one instance: one session outside the pool that LISTENs for V25's wake-ups, numbers
 * committed changes (when no other instance is doing it), and hands each subscriber the events of the changes
 * after the position it has read, decided in SQL once per batch for the distinct audiences. A poll every
 * {@code poll} covers a lost notification. When the session is lost (the database restarts, an operator ends it)
 * it reconnects with growing pauses, and every subscriber then gets a reset rather than a silent gap.
 *
 * <p>All reading happens on the feed's one thread; subscribers only register and unregister.
 */
public final class QueueChangeFeed implements AutoCloseable {

    /** The application name of the feed's session in {@code pg_stat_activity}. */
    public static final String APPLICATION_NAME = "inquiries-stream";

    private static final Logger LOG = System.getLogger(QueueChangeFeed.class.getName());

    /** How long one wait for a notification lasts: the delay before a new subscriber's catch-up starts. */
    private static final int WAIT_MILLIS = 50;
    /** Positions read per statement, so that a subscriber far behind costs bounded memory. */
    private static final long BATCH = 500;
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
    private static final Duration LAST_BACKOFF = Duration.ofSeconds(5);

    private final Database database;
    private final long keep;
    private final Duration poll;
    private final Set<Subscription> subscriptions = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean due = new AtomicBoolean(true);
    private final Thread thread;
    private volatile boolean closed;

    /**
     * A feed over the database's log, keeping the newest {@code keep} positions and reading at least every
     * {@code poll}; it starts at once.
     */
    public QueueChangeFeed(Database database, long keep, Duration poll) {
        if (keep < 1) {
            throw new IllegalArgumentException("At least one change must be kept, not " + keep);
        }
        this.database = Objects.requireNonNull(database, "database");
        this.keep = keep;
        this.poll = Objects.requireNonNull(poll, "poll");
        this.thread = Thread.ofPlatform().daemon().name("inquiries-stream-feed").start(this::run);
    }

    /**
     * The audience of a stream of this user: its department filter resolved as the mirrored list does.
     *
     * @throws dev.inquiries.domain.QueueRefusedException when a {@code queuedForUser} filter is not the user's
     * @throws DatabaseUnavailableException                when the database cannot be reached in time
     */
    public QueueAudience audience(String userId, InquiryStreamRequest request) {
        return database.withHandle(handle -> QueueChangeLog.audience(handle, userId, request));
    }

    /**
     * Subscribes: the sink gets the events after {@code lastEventId} when they are all still kept, otherwise (and
     * without one) first a reset to the newest position, then the events after it.
     *
     * @throws DatabaseUnavailableException when the database cannot be reached in time
     */
    public Subscription subscribe(QueueAudience audience, OptionalLong lastEventId, QueueEventSink sink) {
        Bounds bounds = database.withHandle(QueueChangeLog::bounds);
        long cursor;
        if (lastEventId.isPresent() && bounds.canResumeAfter(lastEventId.getAsLong())) {
            cursor = lastEventId.getAsLong();
        } else {
            cursor = bounds.newest();
            sink.offer(QueueEvent.reset(cursor));
        }
        Subscription subscription = new Subscription(audience, cursor, sink);
        subscriptions.add(subscription);
        due.set(true);
        return subscription;
    }

    /** How many subscribers are registered now. */
    public int subscribers() {
        return subscriptions.size();
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(Duration.ofSeconds(5));
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
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

    /** Reads whenever woken, a subscriber arrived, or the poll interval passed, until the session fails. */
    private void follow(Handle handle, PGConnection connection, boolean listening) throws SQLException {
        long lastPass = System.nanoTime();
        while (!closed) {
            if (due.getAndSet(false) || System.nanoTime() - lastPass >= poll.toNanos()) {
                pass(handle);
                lastPass = System.nanoTime();
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
     * announced at once), then brings every subscriber up to the newest position and trims the log.
     */
    private void pass(Handle handle) {
        handle.useTransaction(transaction -> {
            database.scopeTransaction(transaction);
            QueueChangeLog.sequence(transaction);
        });
        handle.useTransaction(transaction -> {
            database.scopeTransaction(transaction);
            Bounds bounds = QueueChangeLog.bounds(transaction);
            Map<Long, List<Subscription>> behind = subscriptions.stream()
                    .filter(subscription -> subscription.cursor != bounds.newest())
                    .collect(Collectors.groupingBy(subscription -> subscription.cursor));
            for (Map.Entry<Long, List<Subscription>> group : behind.entrySet()) {
                catchUp(transaction, group.getKey(), bounds, group.getValue());
            }
            if (bounds.newest() - bounds.oldest() + 1 > keep) {
                QueueChangeLog.trim(transaction, keep);
            }
        });
    }

    /** Delivers the changes after {@code from} up to the newest to subscribers that have all read up to it. */
    private void catchUp(Handle handle, long from, Bounds bounds, List<Subscription> group) {
        if (!bounds.canResumeAfter(from)) {
            reset(group, bounds.newest());
            return;
        }
        Map<QueueAudience, List<Subscription>> byAudience = group.stream()
                .collect(Collectors.groupingBy(subscription -> subscription.audience, LinkedHashMap::new, Collectors.toList()));
        List<QueueAudience> audiences = new ArrayList<>(byAudience.keySet());
        for (long after = from; after < bounds.newest(); after = Math.min(after + BATCH, bounds.newest())) {
            List<Delivery> deliveries = QueueChangeLog.deliveries(handle, after, Math.min(after + BATCH, bounds.newest()),
                    audiences);
            // Another instance may have trimmed meanwhile: what was read may then have a hole, so reset instead.
            if (QueueChangeLog.bounds(handle).oldest() > after + 1) {
                reset(group, bounds.newest());
                return;
            }
            for (Delivery delivery : deliveries) {
                for (Subscription subscription : byAudience.get(audiences.get(delivery.audience()))) {
                    offer(subscription, delivery.event());
                }
            }
        }
        group.forEach(subscription -> subscription.cursor = bounds.newest());
    }

    private void resetEveryone(Handle handle) {
        handle.useTransaction(transaction -> {
            database.scopeTransaction(transaction);
            QueueChangeLog.sequence(transaction);
        });
        long newest = handle.inTransaction(transaction -> {
            database.scopeTransaction(transaction);
            return QueueChangeLog.bounds(transaction).newest();
        });
        reset(List.copyOf(subscriptions), newest);
    }

    private void reset(List<Subscription> group, long newest) {
        for (Subscription subscription : group) {
            subscription.cursor = newest;
            offer(subscription, QueueEvent.reset(newest));
        }
    }

    /** A subscriber whose sink is full is dropped, not waited for: it reconnects with its Last-Event-ID. */
    private void offer(Subscription subscription, QueueEvent event) {
        if (subscriptions.contains(subscription) && !subscription.sink.offer(event)) {
            subscriptions.remove(subscription);
            subscription.sink.overflowed();
        }
    }

    /** Where a subscriber's events go. Called on the feed's thread: neither method may block. */
    public interface QueueEventSink {

        /** Takes the event, or answers false when it is full (the subscription then ends). */
        boolean offer(QueueEvent event);

        /** The subscription ended because the sink was full. */
        void overflowed();
    }

    /** One subscriber's registration; closing it ends the deliveries. */
    public final class Subscription implements AutoCloseable {

        private final QueueAudience audience;
        private final QueueEventSink sink;
        /** The position this subscriber has been given everything up to; written by the feed's thread only. */
        private volatile long cursor;

        private Subscription(QueueAudience audience, long cursor, QueueEventSink sink) {
            this.audience = audience;
            this.cursor = cursor;
            this.sink = sink;
        }

        @Override
        public void close() {
            subscriptions.remove(this);
        }
    }
}
