package dev.inquiries.web.api;

import java.time.Duration;
import java.util.function.Supplier;

import dev.inquiries.domain.QueueOrder;
import dev.inquiries.persistence.RoutingRepository;

/**
 * The order the desk works its queues in ({@code desk_settings.sorting_mechanism}, {@code routing set --sorting}),
 * for {@code inquiries.queuedForUser}'s default: read from the database at most once per {@link #FRESH} and kept in
 * between, so that a list request costs no extra round trip; a change shows within that time on every instance.
 * Routing reads the setting in SQL, in its own statement, and needs none of this.
 */
public final class DeskOrder implements Supplier<QueueOrder> {

    /** How long a read order is used before it is read again. */
    public static final Duration FRESH = Duration.ofSeconds(1);

    private final RoutingRepository routing;
    private volatile Kept kept;

    public DeskOrder(RoutingRepository routing) {
        this.routing = routing;
    }

    @Override
    public QueueOrder get() {
        Kept current = kept;
        long now = System.nanoTime();
        if (current == null || now - current.readAt() > FRESH.toNanos()) {
            current = new Kept(routing.settings().order(), now);
            kept = current;
        }
        return current.order();
    }

    private record Kept(QueueOrder order, long readAt) {
    }
}
