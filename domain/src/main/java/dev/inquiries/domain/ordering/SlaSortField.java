package dev.inquiries.domain.ordering;

import java.util.Optional;

import dev.inquiries.domain.WireNamed;

/** The fields the SLA list may be ordered by, with their names on the wire. */
public enum SlaSortField implements WireNamed {
    ID("_id"),
    NAME("name"),
    DUE_TIME_IN_MINUTES("dueTimeInMinutes");

    private final String wireName;

    SlaSortField(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String wireName() {
        return wireName;
    }

    /** The field a client means by this key, if the SLA list sorts by it. */
    public static Optional<SlaSortField> fromWireName(String wireName) {
        return WireNamed.lookup(SlaSortField.class, wireName);
    }
}
