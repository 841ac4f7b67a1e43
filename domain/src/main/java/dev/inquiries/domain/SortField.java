package dev.inquiries.domain;

import java.util.Optional;

/**
 * The fields of a listed inquiry that the list may be ordered by. Each knows its name on the wire and
 * whether an inquiry may lack it; which column holds it is persistence's business, which maps each of these
 * constants to a column, so SQL is only ever built from constants.
 */
public enum SortField implements WireNamed {
    ID("_id", false),
    RID("rid", false),
    NAME("name", false),
    TS("ts", false),
    STATUS("status", false),
    DEPARTMENT("department", true),
    /** The priority's weight (its sortItem, 1 highest; 99 without one): V37. */
    PRIORITY_WEIGHT("priorityWeight", false),
    /** The SLA's due time in minutes (9999999 without one): V37. */
    ESTIMATED_WAITING_TIME_QUEUE("estimatedWaitingTimeQueue", false);

    private final String wireName;
    private final boolean nullable;

    SortField(String wireName, boolean nullable) {
        this.wireName = wireName;
        this.nullable = nullable;
    }

    /** The key a client writes in the sort object, e.g. {@code _id}. */
    @Override
    public String wireName() {
        return wireName;
    }

    /**
     * Whether an inquiry may lack the field (one without a department); such inquiries sort lowest, as a
     * missing field does in Rocket.Chat's MongoDB.
     */
    public boolean nullable() {
        return nullable;
    }

    /** The field a client means by this key, if it is one of the listed fields. */
    public static Optional<SortField> fromWireName(String wireName) {
        return WireNamed.lookup(SortField.class, wireName);
    }
}
