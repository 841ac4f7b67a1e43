package dev.inquiries.domain;

import java.util.Optional;

/**
 * The fields of a listed inquiry that the list may be ordered by. Each knows its name on the wire and
 * its column in the {@code inquiries} table, so SQL is only ever built from these constants.
 */
public enum SortField {
    ID("_id", "id", false),
    RID("rid", "rid", false),
    NAME("name", "name", false),
    TS("ts", "ts", false),
    STATUS("status", "status", false),
    DEPARTMENT("department", "department_id", true);

    private final String wireName;
    private final String column;
    private final boolean nullable;

    SortField(String wireName, String column, boolean nullable) {
        this.wireName = wireName;
        this.column = column;
        this.nullable = nullable;
    }

    /** The key a client writes in the sort object, e.g. {@code _id}. */
    public String wireName() {
        return wireName;
    }

    /** The column of the {@code inquiries} table this field is read from. */
    public String column() {
        return column;
    }

    /** Whether the column may be null (an inquiry without a department). */
    public boolean nullable() {
        return nullable;
    }

    /** The field a client means by this key, if it is one of the listed fields. */
    public static Optional<SortField> fromWireName(String wireName) {
        for (SortField field : values()) {
            if (field.wireName.equals(wireName)) {
                return Optional.of(field);
            }
        }
        return Optional.empty();
    }
}
