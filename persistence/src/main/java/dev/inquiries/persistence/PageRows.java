package dev.inquiries.persistence;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import org.jdbi.v3.core.statement.Query;

/**
 * The rows of a list's {@code page.sql}, which every list reads alike: each row holds the total of the matches and
 * one item of the page, and an empty page is one row of the total alone, its key column {@code null}. Every list's
 * statement takes its page alike too: {@link #putPage}.
 */
public final class PageRows {

    /** Reads the item of a row that has one. */
    @FunctionalInterface
    public interface Item<T> {
        T read(ResultSet row) throws SQLException;
    }

    /**
     * What the rows say.
     *
     * @param items the page's items, in the statement's order
     * @param total how many match, on every page
     */
    public record Page<T>(List<T> items, long total) {
        public Page {
            items = List.copyOf(items);
        }
    }

    private PageRows() {
    }

    /** Adds the page's parameters: {@code :offset} and {@code :limit} ({@code null} for no limit). */
    public static void putPage(Map<String, Object> parameters, dev.inquiries.domain.Page page) {
        parameters.put("offset", page.offset());
        parameters.put("limit", page.limit().isPresent() ? page.limit().getAsLong() : null);
    }

    /**
     * Reads the page of a list whose filter has a text to look for in stored text: none, without asking PostgreSQL,
     * when the text holds what PostgreSQL cannot store (no stored text contains it), else the rows of the statement.
     *
     * @param text      the list's text filter, empty for none
     * @param statement the page's statement
     * @param item      reads a row's item; the key column is {@code id}
     */
    public static <T> Page<T> read(Database database, Optional<String> text, Supplier<SqlStatement> statement,
                                   Item<T> item) {
        if (text.isPresent() && !PostgresText.canBeStored(text.get())) {
            return new Page<>(List.of(), 0);
        }
        SqlStatement page = statement.get();
        return database.withHandle(handle -> read(page.query(handle), "id", item));
    }

    /**
     * Runs the page's query and reads its rows.
     *
     * @param key  the column that is {@code null} on the row of an empty page
     * @param item reads a row's item
     */
    public static <T> Page<T> read(Query query, String key, Item<T> item) {
        List<Row<T>> rows = query
                .map((row, context) -> new Row<>(row.getLong("total"),
                        row.getString(key) == null ? Optional.<T>empty() : Optional.of(item.read(row))))
                .list();
        return new Page<>(rows.stream().flatMap(row -> row.item().stream()).toList(),
                rows.isEmpty() ? 0 : rows.getFirst().total());
    }

    private record Row<T>(long total, Optional<T> item) {
    }
}
