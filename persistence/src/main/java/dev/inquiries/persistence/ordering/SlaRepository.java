package dev.inquiries.persistence.ordering;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.inquiries.domain.InvalidParametersException;
import dev.inquiries.domain.RandomIds;
import dev.inquiries.domain.ordering.OrderingListRequest;
import dev.inquiries.domain.ordering.OrderingRefusal;
import dev.inquiries.domain.ordering.SlaDefinition;
import dev.inquiries.domain.ordering.SlaSortField;
import dev.inquiries.persistence.Database;
import dev.inquiries.persistence.ListSort;
import dev.inquiries.persistence.PostgresText;
import dev.inquiries.persistence.SqlFiles;
import dev.inquiries.persistence.StatementShape;
import dev.inquiries.persistence.Statements;

/**
 * The SLAs (V37's {@code slas}): their list, one of them, and creating, changing and deleting one. Names and due times
 * are unique: a duplicate is {@link OrderingRefusal#DUPLICATED_SLA}, decided by the writing statement; a concurrent
 * writer that slips past its check meets the unique keys instead.
 */
public final class SlaRepository extends OrderingList<SlaSortField, Sla> {

    /** This class's statements, each in the {@code .sql} file of its name beside it. */
    private enum Sql { PAGE, ONE, CREATE, UPDATE, DELETE }

    private static final Map<Sql, String> SQL = SqlFiles.all(SlaRepository.class, Sql.class);

    /** The SLA list's sort: each field's column, {@code _id} the tie-breaker. */
    private static final ListSort<SlaSortField> SORT = ListSort.of(SlaSortField.class, SlaSortField.ID)
            .column(SlaSortField.ID, "id", ListSort.Kind.TEXT)
            .column(SlaSortField.NAME, "name", ListSort.Kind.TEXT)
            .column(SlaSortField.DUE_TIME_IN_MINUTES, "due_time_minutes", ListSort.Kind.PLAIN)
            .build();

    public SlaRepository(Database database) {
        super(database, SQL.get(Sql.PAGE), SQL.get(Sql.ONE), SORT, SlaRepository::read);
    }

    /**
     * A new SLA.
     *
     * @throws dev.inquiries.domain.Refusal {@link OrderingRefusal#DUPLICATED_SLA} when another has its name or due time
     */
    public Sla create(SlaDefinition definition) {
        requireStorable(definition);
        Map<String, Object> parameters = parameters(RandomIds.next(), definition);
        return database().withHandle(handle -> handle.createQuery(SQL.get(Sql.CREATE))
                        .bindMap(parameters)
                        .map((row, context) -> read(row))
                        .findOne())
                .orElseThrow(OrderingRefusal.DUPLICATED_SLA::refusal);
    }

    /**
     * Changes the SLA; a new due time reaches the estimates of its inquiries.
     *
     * @throws dev.inquiries.domain.Refusal {@link OrderingRefusal#SLA_NOT_FOUND} (404) for an unknown id,
     *                                      {@link OrderingRefusal#DUPLICATED_SLA} when another has the name or due time
     */
    public Sla update(String id, SlaDefinition definition) {
        if (!PostgresText.canBeStored(id)) {
            throw OrderingRefusal.SLA_NOT_FOUND.refusal(id);
        }
        requireStorable(definition);
        Map<String, Object> parameters = parameters(id, definition);
        UpdateRow row = database().withHandle(handle -> handle.createQuery(SQL.get(Sql.UPDATE))
                .bindMap(parameters)
                .map((result, context) -> new UpdateRow(result.getBoolean("found"), result.getBoolean("duplicate"),
                        result.getString("id") == null ? Optional.empty() : Optional.of(read(result))))
                .one());
        if (!row.found()) {
            throw OrderingRefusal.SLA_NOT_FOUND.refusal(id);
        }
        return row.sla().orElseThrow(OrderingRefusal.DUPLICATED_SLA::refusal);
    }

    /** Deletes the SLA, if there is one; its inquiries lose it. Whether there was one. */
    public boolean delete(String id) {
        if (!PostgresText.canBeStored(id)) {
            return false;
        }
        return database().withHandle(handle -> handle.createUpdate(SQL.get(Sql.DELETE)).bind("id", id).execute()) > 0;
    }

    /** Text PostgreSQL cannot store names no SLA, and can be no SLA's name: refused as any other unusable one. */
    private static void requireStorable(SlaDefinition definition) {
        if (!PostgresText.canBeStored(definition.name())
                || !definition.description().map(PostgresText::canBeStored).orElse(true)) {
            throw new InvalidParametersException("name and description must be text");
        }
    }

    private static Map<String, Object> parameters(String id, SlaDefinition definition) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("id", id);
        parameters.put("name", definition.name());
        parameters.put("description", definition.description().orElse(null));
        parameters.put("dueTimeInMinutes", definition.dueTimeInMinutes());
        return parameters;
    }

    /** This class's statements in each of their shapes, for the catalog: the page in its default order. */
    public static List<StatementShape> statements() {
        return OrderingList.statements(SlaRepository.class, SQL, Sql.PAGE, SORT, "{\"name\":1}",
                OrderingListRequest.slas(Map.of(), Statements.PAGING));
    }

    private static Sla read(ResultSet row) throws SQLException {
        return new Sla(row.getString("id"), row.getString("name"), Optional.ofNullable(row.getString("description")),
                row.getInt("due_time_minutes"), row.getObject("updated_at", OffsetDateTime.class).toInstant());
    }

    /** The row of {@code update.sql}. */
    private record UpdateRow(boolean found, boolean duplicate, Optional<Sla> sla) {
    }
}
