package dev.inquiries.domain;

import java.util.Objects;

/**
 * One key of an order: a field and a direction.
 *
 * @param field     the field to order by
 * @param direction which way
 */
public record SortKey(SortField field, SortDirection direction) {

    public SortKey {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(direction, "direction");
    }
}
