package dev.inquiries.persistence;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import dev.inquiries.domain.Inquiry;
import dev.inquiries.domain.InquiryListRequest;
import dev.inquiries.domain.InquiryPage;
import dev.inquiries.domain.InquiryStatus;
import dev.inquiries.domain.SortDirection;
import dev.inquiries.domain.SortKey;
import dev.inquiries.domain.SortSpec;
import org.jdbi.v3.core.statement.Query;

/**
 * Reads the queue. One statement returns a page, the total of its filter and the queue's version
 * together, so all three come from one snapshot and one round trip.
 */
public final class InquiryRepository {

    /** A department is named by id or by name; an id wins when one department's id is another's name. */
    private static final String DEPARTMENT = """
            SELECT d.id FROM departments d
             WHERE d.id = :department OR d.name = :department
             ORDER BY d.id = :department DESC
             LIMIT 1""";

    /**
     * Every queued inquiry: the total and version come from the counts the triggers keep (V4), the page
     * from the queued partial indexes. %1$s: the order inside the page; %2$s: the same over its rows.
     */
    private static final String ALL_QUEUED = """
            SELECT t.total, t.version, p.id, p.rid, p.name, p.ts, p.status, p.department_id
              FROM (SELECT coalesce(sum(queued), 0) AS total, coalesce(sum(version), 0) AS version
                      FROM queue_counts) AS t
              LEFT JOIN LATERAL (
                   SELECT id, rid, name, ts, status, department_id
                     FROM inquiries
                    WHERE status = 'queued'
                    ORDER BY %1$s
                    LIMIT :limit OFFSET :offset) AS p ON true
             ORDER BY %2$s""";

    /** The queued inquiries of one department, resolved once; an unknown one matches nothing. */
    private static final String QUEUED_IN_DEPARTMENT = """
            WITH department AS MATERIALIZED (
                 SELECT (%3$s) AS id, (SELECT version FROM department_version) AS names_version)
            SELECT t.total, t.version, p.id, p.rid, p.name, p.ts, p.status, p.department_id
              FROM department
             CROSS JOIN LATERAL (
                   SELECT coalesce(sum(c.queued), 0) AS total,
                          coalesce(sum(c.version), 0) + department.names_version AS version
                     FROM queue_counts c
                    WHERE c.department_key = department.id) AS t
              LEFT JOIN LATERAL (
                   SELECT id, rid, name, ts, status, department_id
                     FROM inquiries
                    WHERE status = 'queued' AND department_id = department.id
                    ORDER BY %1$s
                    LIMIT :limit OFFSET :offset) AS p ON true
             ORDER BY %2$s""";

    private static final String ALL_QUEUED_VERSION = "SELECT coalesce(sum(version), 0) FROM queue_counts";

    private static final String DEPARTMENT_VERSION = """
            SELECT coalesce((SELECT version FROM queue_counts WHERE department_key = (%s)), 0)
                   + (SELECT version FROM department_version)""".formatted(DEPARTMENT);

    private final Database database;

    public InquiryRepository(Database database) {
        this.database = database;
    }

    /** The page of queued inquiries the request asks for, with the total that match its filter. */
    public InquiryPage list(InquiryListRequest request) {
        Optional<SqlStatement> statement = statementFor(request);
        if (statement.isEmpty()) {
            return new InquiryPage(List.of(), request.page().offset(), 0, 0);
        }
        return database.withHandle(handle -> {
            Query query = handle.createQuery(statement.get().sql());
            statement.get().parameters().forEach((name, value) -> query.bind(name, value));
            return query.scanResultSet((supplier, context) -> readPage(supplier.get(), request.page().offset()));
        });
    }

    /**
     * The one statement {@link #list} runs for a request; empty when no stored row can match the request
     * and nothing needs to run.
     */
    static Optional<SqlStatement> statementFor(InquiryListRequest request) {
        if (request.department().filter(department -> !PostgresText.canBeStored(department)).isPresent()) {
            return Optional.empty();
        }
        String template = request.department().isPresent() ? QUEUED_IN_DEPARTMENT : ALL_QUEUED;
        String sql = template.formatted(orderBy(request.sort(), ""), orderBy(request.sort(), "p."), DEPARTMENT);
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("offset", request.page().offset());
        parameters.put("limit", request.page().limit().isPresent() ? request.page().limit().getAsLong() : null);
        request.department().ifPresent(department -> parameters.put("department", department));
        return Optional.of(new SqlStatement(sql, parameters));
    }

    /**
     * The version of the queue the request's page would be read from, without reading the page: equal to
     * {@link InquiryPage#version()} of a {@link #list} in the same state.
     */
    public long version(InquiryListRequest request) {
        if (request.department().filter(department -> !PostgresText.canBeStored(department)).isPresent()) {
            return 0;
        }
        return database.withHandle(handle -> {
            Query query = handle.createQuery(request.department().isPresent() ? DEPARTMENT_VERSION : ALL_QUEUED_VERSION);
            request.department().ifPresent(department -> query.bind("department", department));
            return query.mapTo(Long.class).one();
        });
    }

    /**
     * The ORDER BY of a sort spec, built only from the fields' own columns. Text is compared in the "C"
     * collation (byte order, as MongoDB does); a missing department sorts lowest, as MongoDB's null does.
     */
    static String orderBy(SortSpec sort, String qualifier) {
        return sort.keysWithTieBreaker().stream()
                .map(key -> orderTerm(key, qualifier))
                .collect(Collectors.joining(", "));
    }

    private static String orderTerm(SortKey key, String qualifier) {
        String column = qualifier + key.field().column();
        boolean ascending = key.direction() == SortDirection.ASCENDING;
        String expression = switch (key.field()) {
            case TS -> column;
            case ID, RID, NAME, STATUS, DEPARTMENT -> column + " COLLATE \"C\"";
        };
        String direction = ascending ? " ASC" : " DESC";
        String nulls = key.field().nullable() ? (ascending ? " NULLS FIRST" : " NULLS LAST") : "";
        return expression + direction + nulls;
    }

    private static InquiryPage readPage(ResultSet rows, long offset) throws SQLException {
        List<Inquiry> inquiries = new ArrayList<>();
        long total = 0;
        long version = 0;
        while (rows.next()) {
            total = rows.getLong("total");
            version = rows.getLong("version");
            String id = rows.getString("id");
            if (id != null) {
                inquiries.add(new Inquiry(
                        id,
                        rows.getString("rid"),
                        rows.getString("name"),
                        rows.getObject("ts", OffsetDateTime.class).toInstant(),
                        InquiryStatus.fromWireName(rows.getString("status")),
                        rows.getString("department_id")));
            }
        }
        return new InquiryPage(inquiries, offset, total, version);
    }
}
