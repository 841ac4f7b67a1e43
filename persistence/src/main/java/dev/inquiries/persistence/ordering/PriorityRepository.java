package dev.inquiries.persistence.ordering;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.inquiries.domain.ordering.OrderingListRequest;
import dev.inquiries.domain.ordering.OrderingRefusal;
import dev.inquiries.domain.ordering.PriorityChange;
import dev.inquiries.domain.ordering.PrioritySortField;
import dev.inquiries.persistence.Database;
import dev.inquiries.persistence.ListSort;
import dev.inquiries.persistence.PostgresText;
import dev.inquiries.persistence.SqlFiles;
import dev.inquiries.persistence.StatementShape;
import dev.inquiries.persistence.Statements;

/**
 * The five fixed priorities (V37's {@code priorities}): their list, one of them, and a change of a name. None is added
 * or deleted; a chat's priority is set by {@link dev.inquiries.persistence.queue.InquiryOrdering}.
 */
public final class PriorityRepository extends OrderingList<PrioritySortField, Priority> {

    /** This class's statements, each in the {@code .sql} file of its name beside it. */
    private enum Sql { PAGE, ONE, CHANGE }

    private static final Map<Sql, String> SQL = SqlFiles.all(PriorityRepository.class, Sql.class);

    /** The priority list's sort: each field's column, {@code _id} the tie-breaker. */
    private static final ListSort<PrioritySortField> SORT = ListSort.of(PrioritySortField.class, PrioritySortField.ID)
            .column(PrioritySortField.ID, "id", ListSort.Kind.TEXT)
            .column(PrioritySortField.NAME, "name", ListSort.Kind.NULLABLE_TEXT)
            .column(PrioritySortField.I18N, "i18n", ListSort.Kind.TEXT)
            .column(PrioritySortField.SORT_ITEM, "sort_item", ListSort.Kind.PLAIN)
            .build();

    public PriorityRepository(Database database) {
        super(database, SQL.get(Sql.PAGE), SQL.get(Sql.ONE), SORT, PriorityRepository::read);
    }

    /**
     * Renames the priority, or resets it to its default name.
     *
     * @throws dev.inquiries.domain.Refusal {@link OrderingRefusal#PRIORITY_NOT_FOUND} (404) for an unknown id,
     *                                      {@link OrderingRefusal#DUPLICATE_PRIORITY_NAME} for another's name
     */
    public void change(String id, PriorityChange change) {
        String name = switch (change) {
            case PriorityChange.Rename rename -> rename.name();
            case PriorityChange.Reset reset -> null;
        };
        if (change instanceof PriorityChange.Reset reset && !reset.reset()) {
            one(id).orElseThrow(() -> OrderingRefusal.PRIORITY_NOT_FOUND.refusal(id));
            return;
        }
        if (!PostgresText.canBeStored(id)) {
            throw OrderingRefusal.PRIORITY_NOT_FOUND.refusal(id);
        }
        if (name != null && !PostgresText.canBeStored(name)) {
            throw OrderingRefusal.DUPLICATE_PRIORITY_NAME.refusal();
        }
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("id", id);
        parameters.put("name", name);
        ChangeRow row = database().withHandle(handle -> handle.createQuery(SQL.get(Sql.CHANGE))
                .bindMap(parameters)
                .map((result, context) -> new ChangeRow(result.getBoolean("found"), result.getBoolean("duplicate")))
                .one());
        if (!row.found()) {
            throw OrderingRefusal.PRIORITY_NOT_FOUND.refusal(id);
        }
        if (row.duplicate()) {
            throw OrderingRefusal.DUPLICATE_PRIORITY_NAME.refusal();
        }
    }

    /** This class's statements in each of their shapes, for the catalog: the page in its default order. */
    public static List<StatementShape> statements() {
        return OrderingList.statements(PriorityRepository.class, SQL, Sql.PAGE, SORT, "{\"sortItem\":1}",
                OrderingListRequest.priorities(Map.of(), Statements.PAGING));
    }

    private static Priority read(ResultSet row) throws SQLException {
        return new Priority(row.getString("id"), Optional.ofNullable(row.getString("name")), row.getString("i18n"),
                row.getInt("sort_item"), row.getBoolean("dirty"));
    }

    /** The row of {@code change.sql}. */
    private record ChangeRow(boolean found, boolean duplicate) {
    }
}
