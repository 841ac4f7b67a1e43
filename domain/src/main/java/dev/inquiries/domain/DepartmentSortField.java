package dev.inquiries.domain;

import java.util.Optional;

/** The fields the department list may be ordered by, with their names on the wire. */
public enum DepartmentSortField implements WireNamed {
    ID("_id"),
    NAME("name"),
    ENABLED("enabled");

    private final String wireName;

    DepartmentSortField(String wireName) {
        this.wireName = wireName;
    }

    /** The key a client writes in the sort object. */
    @Override
    public String wireName() {
        return wireName;
    }

    /** The field a client means by this key, if the department list sorts by it. */
    public static Optional<DepartmentSortField> fromWireName(String wireName) {
        return WireNamed.lookup(DepartmentSortField.class, wireName);
    }
}
