package dev.inquiries.persistence.queue;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.stream.Collectors;

import dev.inquiries.domain.SortDirection;
import dev.inquiries.domain.SortField;
import dev.inquiries.domain.SortKey;
import dev.inquiries.domain.SortSpec;

/**
 * The column of the {@code inquiries} table each sort field is read from, and the ORDER BY built from them.
 * The only place a {@link SortField} meets SQL: every term is a constant of this class, never request text.
 */
final class SortColumns {

    private static final Map<SortField, String> COLUMNS = columns();

    private SortColumns() {
    }

    private static Map<SortField, String> columns() {
        Map<SortField, String> columns = new EnumMap<>(SortField.class);
        columns.put(SortField.ID, "id");
        columns.put(SortField.RID, "rid");
        columns.put(SortField.NAME, "name");
        columns.put(SortField.TS, "ts");
        columns.put(SortField.STATUS, "status");
        columns.put(SortField.DEPARTMENT, "department_id");
        if (columns.size() != SortField.values().length) {
            throw new IllegalStateException("Every sort field needs a column");
        }
        return Collections.unmodifiableMap(columns);
    }

    /** The column a field is read from. */
    static String column(SortField field) {
        return COLUMNS.get(field);
    }

    /**
     * The ORDER BY of a sort spec, tie-breaker included, with each column prefixed by {@code qualifier} (empty
     * or a table alias and a dot). Text is compared in the "C" collation (byte order, as MongoDB does); a
     * missing department sorts lowest, as MongoDB's null does.
     */
    static String orderBy(SortSpec sort, String qualifier) {
        return sort.keysWithTieBreaker().stream()
                .map(key -> orderTerm(key, qualifier))
                .collect(Collectors.joining(", "));
    }

    private static String orderTerm(SortKey key, String qualifier) {
        String column = qualifier + column(key.field());
        boolean ascending = key.direction() == SortDirection.ASCENDING;
        String expression = switch (key.field()) {
            case TS -> column;
            case ID, RID, NAME, STATUS, DEPARTMENT -> column + " COLLATE \"C\"";
        };
        String direction = ascending ? " ASC" : " DESC";
        String nulls = key.field().nullable() ? (ascending ? " NULLS FIRST" : " NULLS LAST") : "";
        return expression + direction + nulls;
    }
}
