package dev.inquiries.persistence.queue;

import java.util.EnumSet;
import java.util.Set;

import dev.inquiries.domain.SortField;
import dev.inquiries.domain.SortKey;
import dev.inquiries.domain.SortObject.Term;
import dev.inquiries.domain.SortSpec;
import dev.inquiries.persistence.ListSort;
import dev.inquiries.persistence.ListSort.Kind;

/**
 * The column of the {@code inquiries} table each sort field is read from, and the ORDER BY built from them:
 * the inquiry lists' {@link ListSort}. The only place a {@link SortField} meets SQL.
 */
final class SortColumns {

    private static final ListSort<SortField> INQUIRIES = ListSort.of(SortField.class, SortField.ID)
            .column(SortField.ID, "id", Kind.TEXT)
            .column(SortField.RID, "rid", Kind.TEXT)
            .column(SortField.NAME, "name", Kind.TEXT)
            .column(SortField.TS, "ts", Kind.PLAIN)
            .column(SortField.STATUS, "status", Kind.TEXT)
            .column(SortField.DEPARTMENT, "department_id", Kind.NULLABLE_TEXT)
            .column(SortField.PRIORITY_WEIGHT, "priority_weight", Kind.PLAIN)
            .column(SortField.ESTIMATED_WAITING_TIME_QUEUE, "estimated_waiting_time_queue", Kind.PLAIN)
            .build();

    /** The fields a page's rows do not list, read only for ordering. */
    private static final Set<SortField> BEYOND_LISTED = EnumSet.of(SortField.PRIORITY_WEIGHT,
            SortField.ESTIMATED_WAITING_TIME_QUEUE);

    private SortColumns() {
    }

    /** The column a field is read from. */
    static String column(SortField field) {
        return INQUIRIES.column(field);
    }

    /**
     * The columns an order reads beyond those every page lists ({@code id, rid, name, ts, status, department_id}),
     * each with a leading comma, for the page's projection (its merged ORDER BY reads them): empty for every order
     * but those by V37's ordering fields, so that other pages keep their index-only scans.
     */
    static String beyondListed(SortSpec sort) {
        StringBuilder columns = new StringBuilder();
        sort.keysWithTieBreaker().stream().map(SortKey::field).filter(BEYOND_LISTED::contains).distinct()
                .forEach(field -> columns.append(", ").append(column(field)));
        return columns.toString();
    }

    /**
     * The ORDER BY of a sort spec, tie-breaker included, with each column prefixed by {@code qualifier} (empty
     * or a table alias and a dot).
     */
    static String orderBy(SortSpec sort, String qualifier) {
        return INQUIRIES.orderBy(sort.keysWithTieBreaker().stream()
                .map(key -> new Term<>(key.field(), key.direction()))
                .toList(), qualifier);
    }
}
