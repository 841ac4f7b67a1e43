package dev.inquiries.persistence.ordering;

import java.util.ArrayList;
import java.util.EnumSet;
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
import dev.inquiries.persistence.SqlFiles;
import dev.inquiries.persistence.SqlStatement;
import dev.inquiries.persistence.StatementShape;

/**
 * What the priority list and the SLA list share: the page (its {@code page.sql} with the text filter, limit and
 * offset, and the order once for the page and once for its rows, read as {@link PageRows}), the item of an id
 * ({@code one.sql}), and their entries in the catalog of statements. The lists differ only in their files, their sort
 * and their item; each repository adds its own changes.
 *
 * @param <F> the list's sort fields
 * @param <T> its items
 */
public abstract sealed class OrderingList<F extends Enum<F>, T> permits PriorityRepository, SlaRepository {

    private final Database database;
    private final String sql;
    private final String oneSql;
    private final ListSort<F> sort;
    private final PageRows.Item<T> item;

    /**
     * @param sql    the page's statement ({@code page.sql})
     * @param oneSql the statement of the item of an {@code id} ({@code one.sql})
     */
    OrderingList(Database database, String sql, String oneSql, ListSort<F> sort, PageRows.Item<T> item) {
        this.database = Objects.requireNonNull(database, "database");
        this.sql = Objects.requireNonNull(sql, "sql");
        this.oneSql = Objects.requireNonNull(oneSql, "oneSql");
        this.sort = Objects.requireNonNull(sort, "sort");
        this.item = Objects.requireNonNull(item, "item");
    }

    /** The page the request asks for; none for a text PostgreSQL cannot hold, which no name contains. */
    public final OrderingPage<T> page(OrderingListRequest<F> request) {
        PageRows.Page<T> rows = PageRows.read(database, request.text(), () -> statement(sql, sort, request), item);
        return new OrderingPage<>(rows.items(), request.page().offset(), rows.total());
    }

    /** The item of the id, if there is one. */
    public final Optional<T> one(String id) {
        if (!PostgresText.canBeStored(id)) {
            return Optional.empty();
        }
        return database.withHandle(handle -> handle.createQuery(oneSql)
                .bind("id", id)
                .map((row, context) -> item.read(row))
                .findOne());
    }

    /** The database the repository's own changes run on. */
    final Database database() {
        return database;
    }

    /** The page's statement. */
    private static <F extends Enum<F>> SqlStatement statement(String sql, ListSort<F> sort, OrderingListRequest<F> request) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("text", request.text().orElse(null));
        PageRows.putPage(parameters, request.page());
        return new SqlStatement(sql, sort.pageOrders(request.sort(), "m."), parameters);
    }

    /**
     * A list's statements in each of their shapes, for the catalog: each in its one shape, and the page in its default
     * order, the order {@code defaultOrder} names.
     */
    static <E extends Enum<E>, F extends Enum<F>> List<StatementShape> statements(Class<?> owner, Map<E, String> sql,
                                                                                  E page, ListSort<F> sort,
                                                                                  String defaultOrder,
                                                                                  OrderingListRequest<F> defaultRequest) {
        List<StatementShape> shapes = new ArrayList<>(SqlFiles.shapes(owner, sql, EnumSet.of(page)));
        shapes.add(StatementShape.of(owner, "page", "default order " + defaultOrder,
                statement(sql.get(page), sort, defaultRequest)));
        return shapes;
    }
}
