package dev.inquiries.persistence.queue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;

import dev.inquiries.domain.visitor.RoomEvent;
import dev.inquiries.persistence.SqlFiles;
import dev.inquiries.persistence.SqlStatement;
import dev.inquiries.persistence.StatementShape;
import dev.inquiries.persistence.queue.EventSink.Ending;
import dev.inquiries.persistence.queue.QueueChangeLog.Bounds;
import dev.inquiries.persistence.queue.QueuePositions.From;
import org.jdbi.v3.core.Handle;

/**
 * The visitors' room streams ({@code room.stream}): a {@link ChangeFollower.Consumer} that, once per pass of the change
 * log, tells each subscribed visitor what became of its chat: {@code agentData} when an agent takes it or is given it,
 * {@code closed} when it ends, and {@code queueData} whenever its spot or its estimate changed.
 *
 * <p>The cost of a pass follows what changed, not how many visitors listen: the pass reads the changes once
 * ({@code changes.sql}), and ranks each queue that changed and has a subscriber waiting in it from the place where it
 * changed on, all of them in one statement ({@link QueuePositions}, V43's {@code queue_positions_from}): a chat that
 * arrives or leaves moves only the chats after it, so a take of the last chat reads no spot at all and a take of the
 * head reads the whole queue, each moved visitor once. With the spots comes what each queue's estimates are made of;
 * where that changed (agents came or went, took or freed a chat), the queue is ranked again from its head, since
 * every estimate changed. An event goes only to a subscriber whose value differs from the last one it was given.
 * Spots are always read from the database as it is now, never summed from the log, so a subscriber can miss nothing
 * by arriving between two passes: a new subscriber's state is read on the follower's thread, in order with every
 * later pass, and its queue ranked from its own place. Every {@link #REFRESH} each subscribed queue's estimate makings
 * are read again, events or not (agents coming and going change estimates without changing any chat).
 *
 * <p>Reading happens on the follower's thread; subscribers only register and unregister.
 */
public final class RoomStreamFeed implements ChangeFollower.Consumer {

    /** How often what the estimates of the subscribers' queues are made of is read again without a change to them. */
    static final Duration REFRESH = Duration.ofSeconds(5);

    private static final String CHANGES = SqlFiles.of(RoomStreamFeed.class, "changes");
    private static final String ROOMS = SqlFiles.of(RoomStreamFeed.class, "rooms");
    private static final String TAKEN = "taken";
    private static final String QUEUED = "queued";

    private final ChangeFollower follower;
    /** The subscriptions of each room; a room without one has no entry. */
    private final Map<String, Set<Subscription>> byRoom = new ConcurrentHashMap<>();
    private final Queue<Subscription> arrivals = new ConcurrentLinkedQueue<>();
    /** Subscriptions removed since the last pass, on any thread: the pass takes them out of {@link #waiting}. */
    private final Queue<Subscription> departures = new ConcurrentLinkedQueue<>();
    /**
     * How many subscribers wait in each queue, kept as they move, so that a pass knows the queues to rank without
     * walking every subscriber. Written by the follower's thread only.
     */
    private final Map<String, Integer> waiting = new ConcurrentHashMap<>();
    private volatile boolean stopping;
    /** Whether the next pass reads every subscriber's room again (the follower's session was lost). */
    private volatile boolean recheckAll;
    /** The position up to which the log was read; -1 before the first pass. Only the follower's thread. */
    private long cursor = -1;
    private long lastRefresh = System.nanoTime();
    /**
     * What the estimates told to each queue's subscribers were made of, by queue: a ranking from a place that finds
     * the same needs to tell nobody before the place. Only the follower's thread.
     */
    private final Map<String, QueuePositions.Service> services = new HashMap<>();
    /** How many positions the passes have read so far (how much ranking the changes cost). */
    private final LongAdder rankedRows = new LongAdder();

    /** The room streams' fan-out of the follower's passes. */
    public RoomStreamFeed(ChangeFollower follower) {
        this.follower = Objects.requireNonNull(follower, "follower");
        follower.register(this);
    }

    /** Its statements, for the catalog ({@link dev.inquiries.persistence.Statements}). */
    static List<StatementShape> statements() {
        return List.of(StatementShape.of(RoomStreamFeed.class, "changes", "", new SqlStatement(CHANGES, Map.of(), Map.of())),
                StatementShape.of(RoomStreamFeed.class, "rooms", "", new SqlStatement(ROOMS, Map.of(), Map.of())));
    }

    /**
     * Subscribes to the room (its visitor was checked by the caller): the sink gets, at the follower's next pass, the
     * room's state (its queueData while queued, the agentData of the agent serving it, or closed), then every change
     * of it. Once the server stops, the sink is ended at once.
     */
    public Subscription subscribe(String rid, EventSink<RoomEvent> sink) {
        Subscription subscription = new Subscription(rid, sink);
        byRoom.compute(rid, (room, subscriptions) -> {
            Set<Subscription> set = subscriptions == null ? ConcurrentHashMap.newKeySet() : subscriptions;
            set.add(subscription);
            return set;
        });
        arrivals.add(subscription);
        if (stopping) {
            end(subscription, Ending.STOPPING);
        }
        follower.wake();
        return subscription;
    }

    /** How many positions the passes have read so far: a pass that moves nobody reads few. */
    long rankedRows() {
        return rankedRows.sum();
    }

    /** The queues some subscriber waits in, as the last pass left them. */
    Set<String> waitingQueues() {
        return Set.copyOf(waiting.keySet());
    }

    /** How many subscribers are registered now. */
    public int subscribers() {
        return byRoom.values().stream().mapToInt(Set::size).sum();
    }

    @Override
    public void stopStreams() {
        stopping = true;
        everyone().forEach(subscription -> end(subscription, Ending.STOPPING));
    }

    @Override
    public Duration longestPause() {
        return REFRESH;
    }

    @Override
    public void reset(long newest) {
        cursor = newest;
        recheckAll = true;
    }

    @Override
    public void advance(Handle handle, Bounds bounds) {
        for (Subscription departed = departures.poll(); departed != null; departed = departures.poll()) {
            departed.queue.ifPresent(this::leave);
            departed.queue = Optional.empty();
        }
        Set<Subscription> recheck = new LinkedHashSet<>();
        for (Subscription arrived = arrivals.poll(); arrived != null; arrived = arrivals.poll()) {
            recheck.add(arrived);
        }
        if (recheck.isEmpty() && byRoom.isEmpty()) {
            // Nobody listens: nothing to read. A visitor who subscribes later is read as the database is then.
            cursor = bounds.newest();
            recheckAll = false;
            services.clear();
            return;
        }
        List<From> places = new ArrayList<>();
        boolean all = recheckAll;
        recheckAll = false;
        if (cursor < 0 || !bounds.canResumeAfter(cursor)) {
            all = true;
        } else if (cursor < bounds.newest()) {
            all |= follow(handle, cursor, bounds.newest(), places);
        }
        cursor = bounds.newest();
        if (all) {
            recheck.addAll(everyone());
        }
        places.addAll(readRooms(handle, recheck));
        Set<String> waitingIn = Set.copyOf(waiting.keySet());
        services.keySet().retainAll(waitingIn);
        if (System.nanoTime() - lastRefresh >= REFRESH.toNanos()) {
            lastRefresh = System.nanoTime();
            // Past every chat: no spot is read, only what the estimates are made of, which rank() compares.
            waitingIn.forEach(queue -> places.add(new From(queue, "infinity", "")));
        }
        rank(handle, places.stream().filter(place -> waitingIn.contains(place.queue())).toList());
    }

    /**
     * Reads the changes in (after, upTo] and tells the subscribers of each changed room about takes and ends; adds the
     * places where queues changed (a chat without a department is ranked among all queued chats: any queue's change is
     * one of its queue's too). Answers whether a reset was among them (every room must be read again).
     */
    private boolean follow(Handle handle, long after, long upTo, List<From> places) {
        List<Change> changes = handle.createQuery(CHANGES)
                .bind("after", after)
                .bind("upTo", upTo)
                .map((row, context) -> new Change(row.getString("kind"), row.getString("rid"),
                        row.getString("new_status"), row.getString("new_taken_by"),
                        row.getString("new_taken_by_username"), Optional.ofNullable(row.getString("old_queue")),
                        Optional.ofNullable(row.getString("new_queue")), row.getString("ts"),
                        row.getString("inquiry_id")))
                .list();
        boolean reset = false;
        for (Change change : changes) {
            if ("reset".equals(change.kind())) {
                reset = true;
                continue;
            }
            if (change.oldQueue().isPresent() && change.oldQueue().equals(change.newQueue())) {
                // Changed while it waits in its queue: its place may have moved (the log keeps only where it is now).
                places.add(From.head(change.oldQueue().get()));
                places.add(From.head(""));
            } else if (change.oldQueue().isPresent() || change.newQueue().isPresent()) {
                From place = new From("", change.ts(), change.inquiryId());
                change.oldQueue().ifPresent(queue -> places.add(new From(queue, place.ts(), place.inquiryId())));
                change.newQueue().ifPresent(queue -> places.add(new From(queue, place.ts(), place.inquiryId())));
                places.add(place);
            }
            Set<Subscription> subscriptions = byRoom.get(change.rid());
            if (subscriptions == null) {
                continue;
            }
            for (Subscription subscription : List.copyOf(subscriptions)) {
                apply(subscription, change.newStatus(), change.newQueue(), change.takenBy(), change.takenByUsername());
            }
        }
        return reset;
    }

    /** Reads the rooms of these subscribers as they are now and tells each; answers the places of the queued ones. */
    private List<From> readRooms(Handle handle, Set<Subscription> subscribers) {
        if (subscribers.isEmpty()) {
            return List.of();
        }
        Map<String, RoomState> rooms = new HashMap<>();
        handle.createQuery(ROOMS)
                .bindArray("rids", String.class, subscribers.stream().map(subscription -> subscription.rid).distinct().toList())
                .map((row, context) -> new RoomState(row.getString("rid"), row.getString("status"),
                        Optional.ofNullable(row.getString("queue")), row.getString("ts"), row.getString("inquiry_id"),
                        row.getString("taken_by"), row.getString("taken_by_username")))
                .forEach(room -> rooms.put(room.rid(), room));
        List<From> places = new ArrayList<>();
        for (Subscription subscription : subscribers) {
            RoomState room = rooms.get(subscription.rid);
            if (room == null) {
                apply(subscription, null, Optional.empty(), null, null);
            } else {
                apply(subscription, room.status(), room.queue(), room.takenBy(), room.takenByUsername());
                // From its own place: the chats before it are not news to anyone.
                room.queue().ifPresent(queue -> places.add(new From(queue, room.ts(), room.inquiryId())));
            }
        }
        return places;
    }

    /** What a room's new status (null: it is gone) means for one subscriber of it. */
    private void apply(Subscription subscription, String status, Optional<String> queue, String takenBy,
                       String takenByUsername) {
        if (!isSubscribed(subscription)) {
            return;
        }
        if (status == null || "closed".equals(status)) {
            finish(subscription);
        } else if (TAKEN.equals(status) && takenBy != null) {
            place(subscription, Optional.empty());
            subscription.lastSpot = null;
            if (!takenBy.equals(subscription.agent)) {
                subscription.agent = takenBy;
                offer(subscription, new RoomEvent.AgentData(takenBy, takenByUsername == null ? "" : takenByUsername));
            }
        } else if (QUEUED.equals(status)) {
            subscription.agent = null;
            place(subscription, queue);
        }
    }

    /**
     * Ranks the queues from these places in one statement, and tells each subscriber whose spot or estimate changed. A
     * queue whose estimates are made of something else now (agents came, went, took or freed a chat; a chat was
     * handled) is ranked again from its head, in a second statement: the chats before its place have new estimates too.
     */
    private void rank(Handle handle, List<From> places) {
        if (places.isEmpty()) {
            return;
        }
        QueuePositions.Ranking ranking = QueuePositions.rank(handle, places);
        Set<String> again = new HashSet<>();
        ranking.services().forEach((queue, service) -> {
            if (!service.equals(services.get(queue))) {
                again.add(queue);
            }
        });
        services.putAll(ranking.services());
        List<QueuePosition> positions = ranking.positions();
        if (!again.isEmpty()) {
            QueuePositions.Ranking whole = QueuePositions.rank(handle, again.stream().map(From::head).toList());
            positions = new ArrayList<>(positions);
            positions.removeIf(position -> again.contains(position.queue()));
            positions.addAll(whole.positions());
            services.putAll(whole.services());
        }
        rankedRows.add(positions.size());
        for (QueuePosition position : positions) {
            Set<Subscription> subscriptions = byRoom.get(position.rid());
            if (subscriptions == null) {
                continue;
            }
            RoomEvent.QueueData data = new RoomEvent.QueueData(position.spot(), position.estimatedWaitSeconds());
            for (Subscription subscription : List.copyOf(subscriptions)) {
                place(subscription, Optional.of(position.queue()));
                if (!data.equals(subscription.lastSpot)) {
                    subscription.lastSpot = data;
                    offer(subscription, data);
                }
            }
        }
    }

    /** The subscriber waits in this queue now (or in none); a removed one is left where it was until it departs. */
    private void place(Subscription subscription, Optional<String> queue) {
        if (subscription.departed || subscription.queue.equals(queue)) {
            return;
        }
        subscription.queue.ifPresent(this::leave);
        queue.ifPresent(name -> waiting.merge(name, 1, Integer::sum));
        subscription.queue = queue;
    }

    private void leave(String queue) {
        waiting.computeIfPresent(queue, (name, count) -> count == 1 ? null : count - 1);
    }

    private List<Subscription> everyone() {
        List<Subscription> all = new ArrayList<>();
        byRoom.values().forEach(all::addAll);
        return all;
    }

    private boolean isSubscribed(Subscription subscription) {
        Set<Subscription> subscriptions = byRoom.get(subscription.rid);
        return subscriptions != null && subscriptions.contains(subscription);
    }

    /** The chat ended: its last event, then the subscription is over (the stream ends after writing it). */
    private void finish(Subscription subscription) {
        if (subscription.sink.offer(new RoomEvent.Closed())) {
            remove(subscription);
        } else {
            end(subscription, Ending.OVERFLOWED);
        }
    }

    /** A subscriber whose sink is full is dropped, not waited for: it reconnects and reads its state afresh. */
    private void offer(Subscription subscription, RoomEvent event) {
        if (isSubscribed(subscription) && !subscription.sink.offer(event)) {
            end(subscription, Ending.OVERFLOWED);
        }
    }

    /** Ends a subscription once: it gets no further event, and its sink learns why. */
    private void end(Subscription subscription, Ending why) {
        if (remove(subscription)) {
            subscription.sink.ended(why);
        }
    }

    private boolean remove(Subscription subscription) {
        boolean[] removed = {false};
        byRoom.computeIfPresent(subscription.rid, (room, subscriptions) -> {
            removed[0] = subscriptions.remove(subscription);
            return subscriptions.isEmpty() ? null : subscriptions;
        });
        if (removed[0]) {
            subscription.departed = true;
            departures.add(subscription);
        }
        return removed[0];
    }

    /** One row of {@code changes.sql}. */
    private record Change(String kind, String rid, String newStatus, String takenBy, String takenByUsername,
                          Optional<String> oldQueue, Optional<String> newQueue, String ts, String inquiryId) {
    }

    /** One row of {@code rooms.sql}. */
    private record RoomState(String rid, String status, Optional<String> queue, String ts, String inquiryId,
                             String takenBy, String takenByUsername) {
    }

    /** One visitor's registration; closing it ends the deliveries. */
    public final class Subscription implements AutoCloseable {

        private final String rid;
        private final EventSink<RoomEvent> sink;
        // What this subscriber was last told, and the queue it waits in: the follower's thread only.
        private Optional<String> queue = Optional.empty();
        private RoomEvent.QueueData lastSpot;
        private String agent;
        /** Removed: {@link #place} no longer counts it anywhere (set before it joins {@link #departures}). */
        private volatile boolean departed;

        private Subscription(String rid, EventSink<RoomEvent> sink) {
            this.rid = rid;
            this.sink = sink;
        }

        @Override
        public void close() {
            remove(this);
        }
    }
}
