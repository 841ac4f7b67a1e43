package dev.inquiries.domain;

import java.util.Optional;

/**
 * The order a queue is worked in: Rocket.Chat's {@code Omnichannel_sorting_mechanism}. It orders an agent's
 * {@code inquiries.queuedForUser} when the caller gives no sort, and is the order routing and a visitor's place in
 * the queue follow; {@code inquiries.list} keeps its own default. Each order is a sort of listed fields, so
 * persistence reads it through the same field-to-column mapping as any list's sort, tie-breaker included; the desk's
 * choice is {@code desk_settings.sorting_mechanism} (V38), which routing reads in SQL.
 */
public enum QueueOrder implements WireNamed {

    /** The oldest first: {@code ts} ascending, then {@code _id}. */
    TIMESTAMP("Timestamp", SortSpec.OLDEST_FIRST),

    /** The highest priority first ({@code priorityWeight} ascending, none = 99), then the oldest. */
    PRIORITY("Priority", SortSpec.of(new SortKey(SortField.PRIORITY_WEIGHT, SortDirection.ASCENDING),
            new SortKey(SortField.TS, SortDirection.ASCENDING))),

    /** The soonest due first ({@code estimatedWaitingTimeQueue} ascending, none = 9999999), then the oldest. */
    SLAS("SLAs", SortSpec.of(new SortKey(SortField.ESTIMATED_WAITING_TIME_QUEUE, SortDirection.ASCENDING),
            new SortKey(SortField.TS, SortDirection.ASCENDING)));

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
