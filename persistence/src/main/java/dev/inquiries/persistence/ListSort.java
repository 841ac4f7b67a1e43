package dev.inquiries.persistence;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.inquiries.domain.SortDirection;
import dev.inquiries.domain.SortObject;
import dev.inquiries.domain.SortObject.Term;

/**
 * How one list is sorted in SQL: each of its sort fields (an enum the domain parses requests into) mapped to a
 * column, and the ORDER BY of a sort built from those columns only, ending with the list's unique field as the
 * tie-breaker so that pages never repeat or skip a row. Every list uses one of these; only its constants and the
 * caller's table qualifier are spliced, never request text. Text is compared in the "C" collation (byte order, as
 * Rocket.Chat's MongoDB compares); a column that may be NULL sorts its NULLs lowest, as MongoDB's missing fields do.
 *
 * @param <F> the list's sort fields
 */
public final class ListSort<F extends Enum<F>> {

    /** What a column holds, which decides how it is compared. */
    public enum Kind {
        /** Compared as it is (a time, a boolean). */
        PLAIN,
        /** Text, compared byte by byte. */
        TEXT,
        /** Text that may be NULL, compared byte by byte, NULL lowest. */
        NULLABLE_TEXT,
        /** A value that may be NULL (a time), compared as it is, NULL lowest. */
        NULLABLE
    }

    private record Column(String name, Kind kind) {
    }

    private final Map<F, Column> columns;
    private final F unique;

    private ListSort(Map<F, Column> columns, F unique) {
        this.columns = Collections.unmodifiableMap(columns);
        this.unique = unique;
    }

    /** A list whose rows are told apart by {@code unique}, which must be among the columns given then. */
    public static <F extends Enum<F>> Builder<F> of(Class<F> fields, F unique) {
        return new Builder<>(fields, unique);
    }

    /** The column a field is read from. */
    public String column(F field) {
        return columns.get(field).name();
    }

    /**
     * The ORDER BY of the terms, each column prefixed by {@code qualifier} (empty, or a table alias and a dot):
     * the terms as given up to the unique field, or with the unique field added in the direction of the last term.
     */
    public String orderBy(List<Term<F>> terms, String qualifier) {
        return SortObject.withTieBreaker(terms, unique).stream()
                .map(term -> term(term, qualifier))
                .collect(Collectors.joining(", "));
    }

    /**
     * The attributes of a {@code page.sql}: {@code <pageOrder>}, the order of the matches the page is cut from (their
     * columns prefixed by {@code matchQualifier}), and {@code <rowOrder>}, the same order over the page's rows
     * ({@code p.}).
     */
    public Map<String, String> pageOrders(List<Term<F>> terms, String matchQualifier) {
        Map<String, String> orders = new LinkedHashMap<>();
        orders.put("pageOrder", orderBy(terms, matchQualifier));
        orders.put("rowOrder", orderBy(terms, "p."));
        return orders;
    }

    private String term(Term<F> term, String qualifier) {
        Column column = columns.get(term.field());
        boolean ascending = term.direction() == SortDirection.ASCENDING;
        boolean text = column.kind() == Kind.TEXT || column.kind() == Kind.NULLABLE_TEXT;
        boolean nullable = column.kind() == Kind.NULLABLE_TEXT || column.kind() == Kind.NULLABLE;
        String expression = qualifier + column.name() + (text ? " COLLATE \"C\"" : "");
        String nulls = nullable ? (ascending ? " NULLS FIRST" : " NULLS LAST") : "";
        return expression + (ascending ? " ASC" : " DESC") + nulls;
    }

    /**
     * Collects a list's columns; {@link #build()} refuses a list that leaves a field without one.
     *
     * @param <F> the list's sort fields
     */
    public static final class Builder<F extends Enum<F>> {

        private final Class<F> fields;
        private final F unique;
        private final Map<F, Column> columns;

        private Builder(Class<F> fields, F unique) {
            this.fields = fields;
            this.unique = unique;
            this.columns = new EnumMap<>(fields);
        }

        /** Maps the field to the column, a constant. */
        public Builder<F> column(F field, String name, Kind kind) {
            columns.put(field, new Column(name, kind));
            return this;
        }

        /**
         * The list's sort.
         *
         * @throws IllegalStateException when a field has no column, or the unique one is nullable
         */
        public ListSort<F> build() {
            if (columns.size() != fields.getEnumConstants().length) {
                throw new IllegalStateException("Every sort field of " + fields.getSimpleName() + " needs a column");
            }
            if (columns.get(unique).kind() == Kind.NULLABLE_TEXT || columns.get(unique).kind() == Kind.NULLABLE) {
                throw new IllegalStateException("The tie-breaker " + unique + " must not be NULL");
            }
            return new ListSort<>(new EnumMap<>(columns), unique);
        }
    }
}
