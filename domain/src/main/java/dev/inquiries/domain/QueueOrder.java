package dev.inquiries.domain;

import java.util.Optional;

/**
 * The order a queue is worked in: Rocket.Chat's {@code Omnichannel_sorting_mechanism}. It orders an agent's
 * {@code inquiries.queuedForUser} when the caller gives no sort, and is the order routing and a visitor's place in
 * the queue will follow; {@code inquiries.list} keeps its own default. Each order is a sort of listed fields, so
 * persistence reads it through the same field-to-column mapping as any list's sort, tie-breaker included. Only
 * Timestamp so far: Priority ({@code priorityWeight}, then {@code ts}) and SLAs ({@code estimatedWaitingTimeQueue},
 * then {@code ts}) come with their fields.
 */
public enum QueueOrder implements WireNamed {

    /** The oldest first: {@code ts} ascending, then {@code _id}. */
    TIMESTAMP("Timestamp", SortSpec.OLDEST_FIRST);

    /** The order when the setting names none (Rocket.Chat's default). */
    public static final QueueOrder DEFAULT = TIMESTAMP;

    private final String settingValue;
    private final SortSpec sort;

    QueueOrder(String settingValue, SortSpec sort) {
        this.settingValue = settingValue;
        this.sort = sort;
    }

    /** The value of Rocket.Chat's setting that names this order, e.g. {@code Timestamp}. */
    @Override
    public String wireName() {
        return settingValue;
    }

    /** The order as a sort of listed fields; {@link SortSpec#keysWithTieBreaker()} ends it with {@code _id}. */
    public SortSpec sort() {
        return sort;
    }

    /** The order a value of the setting names, if it is one this service knows. */
    public static Optional<QueueOrder> fromSettingValue(String value) {
        return WireNamed.lookup(QueueOrder.class, value);
    }
}
