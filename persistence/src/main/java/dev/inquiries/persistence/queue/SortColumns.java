package dev.inquiries.persistence.queue;

import dev.inquiries.domain.SortField;
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

    private SortColumns() {
    }

    /** The column a field is read from. */
    static String column(SortField field) {
        return INQUIRIES.column(field);
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
