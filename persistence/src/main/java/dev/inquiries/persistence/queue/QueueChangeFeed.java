package dev.inquiries.persistence.queue;

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

import dev.inquiries.domain.Credentials;
import dev.inquiries.domain.InquiryStreamRequest;
import dev.inquiries.domain.QueueAudience;
import dev.inquiries.domain.QueueEvent;
import dev.inquiries.persistence.Database;
import dev.inquiries.persistence.queue.QueueChangeLog.Bounds;
import dev.inquiries.persistence.queue.QueueChangeLog.Delivery;
import dev.inquiries.persistence.queue.QueueChangeLog.StreamGrant;
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
 * <p>A stream lives only as long as the right it was opened with: every batch of events is handed over only
 * after a statement that runs after the one deciding them has found each subscriber's token still valid, its
 * user active and the permission still granted; a subscriber whose right has lapsed gets nothing more and is
 * ended. Every subscriber is also checked at least every {@code GRANT_CHECK}, events or not, so a stream whose
 * right lapses through any instance (a logout, an expiry, a deactivation, a lost role) ends within seconds.
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
    /** The longest a subscriber goes unchecked for the right it was opened with. */
    private static final Duration GRANT_CHECK = Duration.ofSeconds(1);

    private final Database database;
    private final long keep;
    private final Duration poll;
    private final Duration tokenLifetime;
    private final Set<Subscription> subscriptions = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean due = new AtomicBoolean(true);
    private final Thread thread;
    private volatile boolean closed;
    /** Set when the server begins to stop: every stream is ended, and a new one ends at once. */
    private volatile boolean stopping;
    private long lastGrantCheck = System.nanoTime();

    /**
     * A feed over the database's log, keeping the newest {@code keep} positions and reading at least every
     * {@code poll}, for subscribers whose tokens last {@code tokenLifetime}; it reads once {@link #start()}ed
     * (after the migrations: before them there is no log to read).
     */
    public QueueChangeFeed(Database database, long keep, Duration poll, Duration tokenLifetime) {
        if (keep < 1) {
            throw new IllegalArgumentException("At least one change must be kept, not " + keep);
        }
        this.database = Objects.requireNonNull(database, "database");
        this.keep = keep;
        this.poll = Objects.requireNonNull(poll, "poll");
        this.tokenLifetime = Objects.requireNonNull(tokenLifetime, "tokenLifetime");
        this.thread = Thread.ofPlatform().daemon().name("inquiries-stream-feed").unstarted(this::run);
    }

    /** Starts reading the log (once; later calls do nothing). */
    public synchronized void start() {
        if (thread.getState() == Thread.State.NEW && !closed) {
            thread.start();
        }
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
     * Subscribes with the credentials the stream was opened with: the sink gets the events after
     * {@code lastEventId} when they are all still kept, otherwise (and without one) first a reset to the newest
     * position, then the events after it, for as long as the credentials' token is valid and its user holds the
     * permission of the audience's view. Once the server stops, the sink is ended at once.
     *
     * @throws DatabaseUnavailableException when the database cannot be reached in time
     */
    public Subscription subscribe(QueueAudience audience, Credentials credentials, OptionalLong lastEventId,
                                  QueueEventSink sink) {
        Bounds bounds = database.withHandle(QueueChangeLog::bounds);
        long cursor;
        if (lastEventId.isPresent() && bounds.canResumeAfter(lastEventId.getAsLong())) {
            cursor = lastEventId.getAsLong();
        } else {
            cursor = bounds.newest();
            sink.offer(QueueEvent.reset(cursor));
        }
        Subscription subscription = new Subscription(audience, StreamGrant.of(audience, credentials), cursor, sink);
        subscriptions.add(subscription);
        if (stopping) {
            end(subscription, Ending.STOPPING);
        }
        due.set(true);
        return subscription;
    }

    /**
     * Ends every stream now, and every stream opened from now on at once: the server is stopping, and an open
     * stream would otherwise hold it for its whole grace period. The log is still read until {@link #close()}.
     */
    public void stopStreams() {
        stopping = true;
        List.copyOf(subscriptions).forEach(subscription -> end(subscription, Ending.STOPPING));
    }

    /** How many subscribers are registered now. */
    public int subscribers() {
        return subscriptions.size();
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
     * Reads whenever woken, a subscriber arrived, or the poll interval (at most the grant check's) passed, until
     * the session fails.
     */
    private void follow(Handle handle, PGConnection connection, boolean listening) throws SQLException {
        long lastPass = System.nanoTime();
        long interval = Math.min(poll.toNanos(), GRANT_CHECK.toNanos());
        while (!closed) {
            if (due.getAndSet(false) || System.nanoTime() - lastPass >= interval) {
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
            if (System.nanoTime() - lastGrantCheck >= GRANT_CHECK.toNanos()) {
                lastGrantCheck = System.nanoTime();
                endLapsed(transaction, List.copyOf(subscriptions));
            }
            if (bounds.newest() - bounds.oldest() + 1 > keep) {
                QueueChangeLog.trim(transaction, keep);
            }
        });
    }

    /**
     * Delivers the changes after {@code from} up to the newest to subscribers that have all read up to it. Each
     * batch goes only to those whose right is found in a statement after the one that decided the batch (a later
     * snapshot): a change committed after a logout is never delivered on the logged-out token.
     */
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
            endLapsed(handle, group);
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

    /** Ends the subscribers whose token or permission is gone ({@link QueueChangeLog#lapsed}). */
    private void endLapsed(Handle handle, List<Subscription> checked) {
        Map<StreamGrant, List<Subscription>> byGrant = checked.stream()
                .collect(Collectors.groupingBy(subscription -> subscription.grant, LinkedHashMap::new, Collectors.toList()));
        List<StreamGrant> grants = new ArrayList<>(byGrant.keySet());
        for (int lapsed : QueueChangeLog.lapsed(handle, grants, tokenLifetime)) {
            byGrant.get(grants.get(lapsed)).forEach(subscription -> end(subscription, Ending.RIGHT_LAPSED));
        }
    }

    /** A subscriber whose sink is full is dropped, not waited for: it reconnects with its Last-Event-ID. */
    private void offer(Subscription subscription, QueueEvent event) {
        if (subscriptions.contains(subscription) && !subscription.sink.offer(event)) {
            end(subscription, Ending.OVERFLOWED);
        }
    }

    /** Ends a subscription once: it gets no further event, and its sink learns why. */
    private void end(Subscription subscription, Ending why) {
        if (subscriptions.remove(subscription)) {
            subscription.sink.ended(why);
        }
    }

    /** Why the feed ended a subscription. */
    public enum Ending {
        /** The sink was full: the subscriber does not read (it may reconnect with its Last-Event-ID). */
        OVERFLOWED,
        /** Its token is no longer valid, or its user no longer holds the permission: it must not reconnect. */
        RIGHT_LAPSED,
        /** The server is stopping. */
        STOPPING
    }

    /** Where a subscriber's events go. Called on the feed's thread (or the stopping one): neither method may block. */
    public interface QueueEventSink {

        /** Takes the event, or answers false when it is full (the subscription then ends). */
        boolean offer(QueueEvent event);

        /** The subscription ended (called once); nothing more is offered. */
        void ended(Ending why);
    }

    /** One subscriber's registration; closing it ends the deliveries. */
    public final class Subscription implements AutoCloseable {

        private final QueueAudience audience;
        private final StreamGrant grant;
        private final QueueEventSink sink;
        /** The position this subscriber has been given everything up to; written by the feed's thread only. */
        private volatile long cursor;

        private Subscription(QueueAudience audience, StreamGrant grant, long cursor, QueueEventSink sink) {
            this.audience = audience;
            this.grant = grant;
            this.cursor = cursor;
            this.sink = sink;
        }

        @Override
        public void close() {
            subscriptions.remove(this);
        }
    }
}
