package dev.inquiries.persistence.ordering;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import dev.inquiries.domain.ordering.OrderingListRequest;
import dev.inquiries.persistence.Database;
import dev.inquiries.persistence.ListSort;
import dev.inquiries.persistence.PageRows;
import dev.inquiries.persistence.PostgresText;
import dev.inquiries.persistence.SqlStatement;

/**
 * What the priority list and the SLA list share: the statement of a page (its {@code page.sql} with the text filter,
 * limit and offset, and the order once for the page and once for its rows), read as {@link PageRows}; and the item of
 * an id ({@code one.sql}). The lists differ only in their files, their sort and their item.
 *
 * @param <F> the list's sort fields
 * @param <T> its items
 */
final class OrderingList<F extends Enum<F>, T> {

    private final String sql;
    private final String oneSql;
    private final ListSort<F> sort;
    private final PageRows.Item<T> item;

    /**
     * @param sql    the page's statement ({@code page.sql})
     * @param oneSql the statement of the item of an {@code id} ({@code one.sql})
     */
    OrderingList(String sql, String oneSql, ListSort<F> sort, PageRows.Item<T> item) {
        this.sql = Objects.requireNonNull(sql, "sql");
        this.oneSql = Objects.requireNonNull(oneSql, "oneSql");
        this.sort = Objects.requireNonNull(sort, "sort");
        this.item = Objects.requireNonNull(item, "item");
    }

    /** The page the request asks for; none for a text PostgreSQL cannot hold, which no name contains. */
    OrderingPage<T> page(Database database, OrderingListRequest<F> request) {
        if (request.text().isPresent() && !PostgresText.canBeStored(request.text().get())) {
            return new OrderingPage<>(List.of(), request.page().offset(), 0);
        }
        SqlStatement page = statement(request);
        PageRows.Page<T> rows = database.withHandle(handle -> PageRows.read(page.query(handle), "id", item));
        return new OrderingPage<>(rows.items(), request.page().offset(), rows.total());
    }

    /** The item of the id, if there is one. */
    Optional<T> one(Database database, String id) {
        if (!PostgresText.canBeStored(id)) {
            return Optional.empty();
        }
        return database.withHandle(handle -> handle.createQuery(oneSql)
                .bind("id", id)
                .map((row, context) -> item.read(row))
                .findOne());
    }

    /** The page's statement. */
    SqlStatement statement(OrderingListRequest<F> request) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("text", request.text().orElse(null));
        PageRows.putPage(parameters, request.page());
        return new SqlStatement(sql, sort.pageOrders(request.sort(), "m."), parameters);
    }
}
