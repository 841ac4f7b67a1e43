package dev.inquiries.persistence.queue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import dev.inquiries.persistence.Database;
import dev.inquiries.persistence.DatabaseUnavailableException;
import dev.inquiries.domain.Credentials;
import dev.inquiries.domain.InquiryStreamRequest;
import dev.inquiries.domain.QueueAudience;
import dev.inquiries.domain.QueueEvent;
import dev.inquiries.persistence.queue.EventSink.Ending;
import dev.inquiries.persistence.queue.QueueChangeLog.Bounds;
import dev.inquiries.persistence.queue.QueueChangeLog.Delivery;
import dev.inquiries.persistence.queue.QueueChangeLog.StreamGrant;
import org.jdbi.v3.core.Handle;

/**
 * The agents' live queue: a {@link ChangeFollower.Consumer} that hands each subscriber the events of the changes after
 * the position it has read, decided in SQL once per batch for the distinct audiences of the subscribers.
 *
 * <p>A stream lives only as long as the right it was opened with: every batch of events is handed over only after a
 * statement that runs after the one deciding them has found each subscriber's token still valid, its user active
 * and the permission still granted; a subscriber whose right has lapsed gets nothing more and is ended. Every
 * subscriber is also checked at least every {@code GRANT_CHECK}, events or not, so a stream whose right lapses
 * through any instance (a logout, an expiry, a deactivation, a lost role) ends within seconds.
 *
 * <p>Reading happens on the follower's thread; subscribers only register and unregister.
 */
public final class QueueChangeFeed implements ChangeFollower.Consumer {

    /** Positions read per statement, so that a subscriber far behind costs bounded memory. */
    private static final long BATCH = 500;
    /** The longest a subscriber goes unchecked for the right it was opened with. */
    private static final Duration GRANT_CHECK = Duration.ofSeconds(1);

    private final ChangeFollower follower;
    private final Database database;
    private final Duration tokenLifetime;
    private final Set<Subscription> subscriptions = ConcurrentHashMap.newKeySet();
    /** Set when the server begins to stop: every stream is ended, and a new one ends at once. */
    private volatile boolean stopping;
    private long lastGrantCheck = System.nanoTime();

    /** The queue's fan-out of the follower's passes, for subscribers whose tokens last {@code tokenLifetime}. */
    public QueueChangeFeed(ChangeFollower follower, Duration tokenLifetime) {
        this.follower = Objects.requireNonNull(follower, "follower");
        this.database = follower.database();
        this.tokenLifetime = Objects.requireNonNull(tokenLifetime, "tokenLifetime");
        follower.register(this);
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
                                  EventSink<QueueEvent> sink) {
        Bounds bounds = database.withHandle(handle -> QueueChangeLog.bounds(handle, 0));
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
        follower.wake();
        return subscription;
    }

    @Override
    public void stopStreams() {
        stopping = true;
        List.copyOf(subscriptions).forEach(subscription -> end(subscription, Ending.STOPPING));
    }

    /** How many subscribers are registered now. */
    public int subscribers() {
        return subscriptions.size();
    }

    @Override
    public Duration longestPause() {
        return GRANT_CHECK;
    }

    @Override
    public void advance(Handle handle, Bounds bounds) {
        Map<Long, List<Subscription>> behind = subscriptions.stream()
                .filter(subscription -> subscription.cursor != bounds.newest())
                .collect(Collectors.groupingBy(subscription -> subscription.cursor));
        for (Map.Entry<Long, List<Subscription>> group : behind.entrySet()) {
            catchUp(handle, group.getKey(), bounds, group.getValue());
        }
        if (System.nanoTime() - lastGrantCheck >= GRANT_CHECK.toNanos()) {
            lastGrantCheck = System.nanoTime();
            endLapsed(handle, List.copyOf(subscriptions));
        }
    }

    @Override
    public void reset(long newest) {
        reset(List.copyOf(subscriptions), newest);
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
            if (QueueChangeLog.bounds(handle, bounds.oldest()).oldest() > after + 1) {
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

    /** Ends the subscribers whose token or permission is gone ({@link QueueChangeLog#lapsed}). */
    private void endLapsed(Handle handle, List<Subscription> checked) {
        Map<StreamGrant, List<Subscription>> byGrant = checked.stream()
                .collect(Collectors.groupingBy(subscription -> subscription.grant, LinkedHashMap::new, Collectors.toList()));
        List<StreamGrant> grants = new ArrayList<>(byGrant.keySet());
        for (int lapsed : QueueChangeLog.lapsed(handle, grants, tokenLifetime)) {
            byGrant.get(grants.get(lapsed)).forEach(subscription -> end(subscription, Ending.RIGHT_LAPSED));
        }
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
            end(subscription, Ending.OVERFLOWED);
        }
    }

    /** Ends a subscription once: it gets no further event, and its sink learns why. */
    private void end(Subscription subscription, Ending why) {
        if (subscriptions.remove(subscription)) {
            subscription.sink.ended(why);
        }
    }

    /** One subscriber's registration; closing it ends the deliveries. */
    public final class Subscription implements AutoCloseable {

        private final QueueAudience audience;
        private final StreamGrant grant;
        private final EventSink<QueueEvent> sink;
        /** The position this subscriber has been given everything up to; written by the follower's thread only. */
        private volatile long cursor;

        private Subscription(QueueAudience audience, StreamGrant grant, long cursor, EventSink<QueueEvent> sink) {
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
