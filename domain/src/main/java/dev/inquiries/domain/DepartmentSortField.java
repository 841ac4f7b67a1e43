package dev.inquiries.domain;

import java.util.Optional;

/** The fields the department list may be ordered by, with their names on the wire. */
public enum DepartmentSortField {
    ID("_id"),
    NAME("name"),
    ENABLED("enabled");

    private final String wireName;

    DepartmentSortField(String wireName) {
        this.wireName = wireName;
    }

    /** The key a client writes in the sort object. */
    public String wireName() {
        return wireName;
    }

    /** The field a client means by this key, if the department list sorts by it. */
    public static Optional<DepartmentSortField> fromWireName(String wireName) {
        for (DepartmentSortField field : values()) {
            if (field.wireName.equals(wireName)) {
                return Optional.of(field);
            }
        }
        return Optional.empty();
    }
}
