package dev.inquiries.persistence.queue;

import dev.inquiries.domain.SortDirection;
import dev.inquiries.domain.SortField;
import dev.inquiries.domain.SortKey;
import dev.inquiries.domain.SortSpec;

/**
 * Where a read of the queue from its oldest end starts: V31's {@code queue_heads}, a time per department that no
 * queued inquiry of it is older than, as the condition on {@code ts} that makes the queued partial indexes' scan
 * start there instead of at the entries the takes left dead (a report's snapshot keeps them from being removed). A
 * department without a head row has no head ({@code -infinity}); the whole queue's head is the least of the rows.
 * Each condition is a scalar subquery PostgreSQL evaluates once per scan (an InitPlan) and uses as an index condition.
 * Only constants of this class and the given expressions are spliced, never request text.
 */
final class QueueHeads {

    /** No condition: a read that does not start at the oldest end. */
    static final String NONE = "true";

    private QueueHeads() {
    }

    /** Whether a read in this order starts at the oldest end of the queue ({@code ts} ascending first). */
    static boolean startsAtOldest(SortSpec sort) {
        SortKey first = sort.keysWithTieBreaker().getFirst();
        return first.field() == SortField.TS && first.direction() == SortDirection.ASCENDING;
    }

    /** That the row's {@code ts} is at or after the head of the whole queue. */
    static String ofAll() {
        return "ts >= (SELECT coalesce(min(h.head), '-infinity') FROM queue_heads AS h)";
    }

    /** That the row's {@code ts} is at or after the head of the department whose key (as queue_counts') is given. */
    static String ofDepartment(String departmentKey) {
        return "ts >= coalesce((SELECT h.head FROM queue_heads AS h WHERE h.department_key = " + departmentKey
                + "), '-infinity')";
    }

    /** That the row's {@code ts} is at or after the head of the inquiries without a department. */
    static String withoutDepartment() {
        return ofDepartment("''");
    }
}
