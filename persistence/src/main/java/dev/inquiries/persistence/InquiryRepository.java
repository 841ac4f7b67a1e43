package dev.inquiries.persistence;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.inquiries.domain.Authorized;
import dev.inquiries.domain.Credentials;
import dev.inquiries.domain.Inquiry;
import dev.inquiries.domain.InquiryListRequest;
import dev.inquiries.domain.InquiryPage;
import dev.inquiries.domain.InquiryStatus;
import dev.inquiries.domain.Permission;
import dev.inquiries.domain.SortSpec;
import org.jdbi.v3.core.statement.Query;

/**
 * Reads the queue. One statement checks the caller and returns a page, the total of its filter and the
 * queue's version together: one round trip, one snapshot. Totals and versions come from the counts the
 * triggers keep (V4), pages from the queued partial indexes.
 */
public final class InquiryRepository {

    /** The caller of a trusted read (the command line, tests): always permitted. */
    private static final String TRUSTED = "SELECT true AS permitted";

    /** A department is named by id or by name; an id wins when one department's id is another's name. */
    private static final String DEPARTMENT = """
            SELECT d.id FROM departments d
             WHERE d.id = :department OR d.name = :department
             ORDER BY d.id = :department DESC
             LIMIT 1""";

    /**
     * Every queued inquiry. %1$s: the order inside the page; %2$s: the same over its rows; %3$s: the caller.
     * Nothing but the caller is read unless it is permitted (the laterals' conditions are one-time filters).
     */
    private static final String ALL_QUEUED = """
            WITH caller AS MATERIALIZED (%3$s)
            SELECT c.permitted, t.total, t.version, p.id, p.rid, p.name, p.ts, p.status, p.department_id
              FROM (SELECT 1) AS one
              LEFT JOIN caller AS c ON true
              LEFT JOIN LATERAL (
                   SELECT coalesce(sum(queued), 0) AS total, coalesce(sum(version), 0) AS version
                     FROM queue_counts
                    WHERE c.permitted) AS t ON true
              LEFT JOIN LATERAL (
                   SELECT id, rid, name, ts, status, department_id
                     FROM inquiries
                    WHERE status = 'queued' AND c.permitted
                    ORDER BY %1$s
                    LIMIT :limit OFFSET :offset) AS p ON true
             ORDER BY %2$s""";

    /** The queued inquiries of one department, resolved once (%4$s); an unknown one matches nothing. */
    private static final String QUEUED_IN_DEPARTMENT = """
            WITH caller AS MATERIALIZED (%3$s),
                 department AS MATERIALIZED (
                     SELECT (%4$s) AS id, (SELECT version FROM department_version) AS names_version)
            SELECT c.permitted, t.total, t.version, p.id, p.rid, p.name, p.ts, p.status, p.department_id
              FROM department AS d
              LEFT JOIN caller AS c ON true
              LEFT JOIN LATERAL (
                   SELECT coalesce(sum(q.queued), 0) AS total, coalesce(sum(q.version), 0) + d.names_version AS version
                     FROM queue_counts AS q
                    WHERE q.department_key = d.id AND c.permitted) AS t ON true
              LEFT JOIN LATERAL (
                   SELECT id, rid, name, ts, status, department_id
                     FROM inquiries
                    WHERE status = 'queued' AND department_id = d.id AND c.permitted
                    ORDER BY %1$s
                    LIMIT :limit OFFSET :offset) AS p ON true
             ORDER BY %2$s""";

    /** The version alone, for a conditional request: %1$s the caller, %2$s the version of the filter. */
    private static final String VERSION = """
            WITH caller AS MATERIALIZED (%1$s)
            SELECT c.permitted, v.version
              FROM (SELECT 1) AS one
              LEFT JOIN caller AS c ON true
              LEFT JOIN LATERAL (SELECT (%2$s) AS version WHERE c.permitted) AS v ON true""";

    private static final String ALL_QUEUED_VERSION = "SELECT coalesce(sum(version), 0) FROM queue_counts";

    private static final String DEPARTMENT_VERSION = """
            SELECT coalesce((SELECT version FROM queue_counts WHERE department_key = (%s)), 0)
                   + (SELECT version FROM department_version)""".formatted(DEPARTMENT);

    private static final int MAX_CACHED_STATEMENTS = 256;
    private static final Map<StatementShape, String> STATEMENTS = new ConcurrentHashMap<>();

    private final Database database;
    private final LoginTokenRepository tokens;

    public InquiryRepository(Database database, LoginTokenRepository tokens) {
        this.database = database;
        this.tokens = tokens;
    }

    /** The page the request asks for, as the command line and tests read it: no caller to check. */
    public InquiryPage list(InquiryListRequest request) {
        return run(statementFor(request, TRUSTED, Map.of())) instanceof Authorized.Granted<InquiryPage> granted
                ? granted.value()
                : new InquiryPage(List.of(), request.page().offset(), 0, 0);
    }

    /**
     * The page the request asks for, if the credentials are an active user's unexpired token whose roles
     * grant the permission; checked and read in one statement.
     */
    public Authorized<InquiryPage> listFor(Credentials credentials, Permission permission, InquiryListRequest request) {
        return run(statementFor(request, LoginTokenRepository.CALLER, tokens.callerParameters(credentials, permission)));
    }

    /**
     * The version of the queue the request's page would be read from, without reading the page, for the
     * same caller check as {@link #listFor}: equal to {@link InquiryPage#version()} in the same state.
     */
    public Authorized<Long> versionFor(Credentials credentials, Permission permission, InquiryListRequest request) {
        SqlStatement statement = versionStatementFor(request, tokens.callerParameters(credentials, permission));
        return database.withHandle(handle -> {
            Query query = handle.createQuery(statement.sql());
            statement.parameters().forEach(query::bind);
            return query.scanResultSet((supplier, context) -> {
                ResultSet row = supplier.get();
                row.next();
                return authorized(row, () -> row.getLong("version"));
            });
        });
    }

    /** The statement {@link #listFor} runs for a request, with the caller's parameters. */
    SqlStatement statementFor(Credentials credentials, Permission permission, InquiryListRequest request) {
        return statementFor(request, LoginTokenRepository.CALLER, tokens.callerParameters(credentials, permission));
    }

    static SqlStatement statementFor(InquiryListRequest request, String caller, Map<String, Object> callerParameters) {
        String sql = sql(request.department().isPresent(), request.sort(), caller);
        Map<String, Object> parameters = new LinkedHashMap<>(callerParameters);
        parameters.put("offset", request.page().offset());
        parameters.put("limit", request.page().limit().isPresent() ? request.page().limit().getAsLong() : null);
        request.department().ifPresent(department -> parameters.put("department", storable(department)));
        return new SqlStatement(sql, parameters);
    }

    /**
     * The statement's text for a shape of request. Common shapes are kept, so that each request does not
     * build and hash a new string; the number kept is bounded, since clients choose the sort.
     */
    private static String sql(boolean byDepartment, SortSpec sort, String caller) {
        StatementShape shape = new StatementShape(byDepartment, sort, caller);
        String cached = STATEMENTS.get(shape);
        if (cached != null) {
            return cached;
        }
        String sql = (byDepartment ? QUEUED_IN_DEPARTMENT : ALL_QUEUED)
                .formatted(SortColumns.orderBy(sort, ""), SortColumns.orderBy(sort, "p."), caller, DEPARTMENT);
        if (STATEMENTS.size() < MAX_CACHED_STATEMENTS) {
            STATEMENTS.putIfAbsent(shape, sql);
        }
        return sql;
    }

    private record StatementShape(boolean byDepartment, SortSpec sort, String caller) {
    }

    static SqlStatement versionStatementFor(InquiryListRequest request, Map<String, Object> callerParameters) {
        String sql = VERSION.formatted(LoginTokenRepository.CALLER,
                request.department().isPresent() ? DEPARTMENT_VERSION : ALL_QUEUED_VERSION);
        Map<String, Object> parameters = new LinkedHashMap<>(callerParameters);
        request.department().ifPresent(department -> parameters.put("department", storable(department)));
        return new SqlStatement(sql, parameters);
    }

    /** A department PostgreSQL cannot store names no department; NULL matches none without an error. */
    private static String storable(String department) {
        return PostgresText.canBeStored(department) ? department : null;
    }

    private Authorized<InquiryPage> run(SqlStatement statement) {
        long offset = (long) statement.parameters().get("offset");
        return database.withHandle(handle -> {
            Query query = handle.createQuery(statement.sql());
            statement.parameters().forEach(query::bind);
            return query.scanResultSet((supplier, context) -> readPage(supplier.get(), offset));
        });
    }

    private static Authorized<InquiryPage> readPage(ResultSet rows, long offset) throws SQLException {
        List<Inquiry> inquiries = new ArrayList<>();
        long total = 0;
        long version = 0;
        Authorized<InquiryPage> access = null;
        while (rows.next()) {
            if (access == null) {
                access = authorized(rows, () -> null);
                if (!(access instanceof Authorized.Granted)) {
                    return access;
                }
                total = rows.getLong("total");
                version = rows.getLong("version");
            }
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
        return new Authorized.Granted<>(new InquiryPage(inquiries, offset, total, version));
    }

    /** What the caller columns of a row say: no caller, a caller without the permission, or the value. */
    private static <T> Authorized<T> authorized(ResultSet row, SqlValue<T> value) throws SQLException {
        boolean permitted = row.getBoolean("permitted");
        if (row.wasNull()) {
            return new Authorized.NotAuthenticated<>();
        }
        return permitted ? new Authorized.Granted<>(value.read()) : new Authorized.Forbidden<>();
    }

    @FunctionalInterface
    private interface SqlValue<T> {
        T read() throws SQLException;
    }
}
