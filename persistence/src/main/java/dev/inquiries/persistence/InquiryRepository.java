package dev.inquiries.persistence;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.inquiries.domain.Authorized;
import dev.inquiries.domain.Credentials;
import dev.inquiries.domain.Inquiry;
import dev.inquiries.domain.InquiryListRequest;
import dev.inquiries.domain.InquiryPage;
import dev.inquiries.domain.InquiryStatus;
import dev.inquiries.domain.Permission;
import org.jdbi.v3.core.statement.Query;

/**
 * Reads the queue. One statement checks the caller and returns a page, the total of its filter and the
 * queue's version together: one round trip, one snapshot. Totals and versions come from the counts the
 * triggers keep (V4), pages from the queued partial indexes.
 */
public final class InquiryRepository {

    /** The caller of a trusted read (the command line, tests): always permitted. */
    private static final String TRUSTED = "SELECT true AS permitted";

    /**
     * A page of queued inquiries with the total and version of its filter. {@code <caller>}: the caller as a
     * one-row relation {@code (permitted)}, or none; {@code <department>}: the one-row relation the filter
     * reads, {@code <counts>} the total and version of the filter, {@code <inDepartment>} its condition on
     * the page; {@code <pageOrder>} the order inside the page, {@code <rowOrder>} the same over its rows.
     * Nothing but the caller is read unless it is permitted (the laterals' conditions are one-time filters).
     */
    private static final String PAGE = """
            WITH caller AS MATERIALIZED (<caller>),
                 department AS MATERIALIZED (<department>)
            SELECT c.permitted, t.total, t.version, p.id, p.rid, p.name, p.ts, p.status, p.department_id
              FROM department AS d
              LEFT JOIN caller AS c ON true
              LEFT JOIN LATERAL (<counts>) AS t ON true
              LEFT JOIN LATERAL (
                   SELECT id, rid, name, ts, status, department_id
                     FROM inquiries
                    WHERE status = 'queued' AND <inDepartment> AND c.permitted
                    ORDER BY <pageOrder>
                    LIMIT :limit OFFSET :offset) AS p ON true
             ORDER BY <rowOrder>""";

    /** The version alone, for a conditional request: the same caller, department and counts as {@link #PAGE}. */
    private static final String VERSION = """
            WITH caller AS MATERIALIZED (<caller>),
                 department AS MATERIALIZED (<department>)
            SELECT c.permitted, t.version
              FROM department AS d
              LEFT JOIN caller AS c ON true
              LEFT JOIN LATERAL (<counts>) AS t ON true""";

    /** A department is named by id or by name; an id wins when one department's id is another's name. */
    private static final String DEPARTMENT = """
            SELECT (SELECT d.id FROM departments d
                     WHERE d.id = :department OR d.name = :department
                     ORDER BY d.id = :department DESC
                     LIMIT 1) AS id,
                   (SELECT version FROM department_version) AS names_version""";

    private static final String DEPARTMENT_COUNTS = """
            SELECT coalesce(sum(q.queued), 0) AS total, coalesce(sum(q.version), 0) + d.names_version AS version
              FROM queue_counts AS q
             WHERE q.department_key = d.id AND c.permitted""";

    private static final String ALL_COUNTS = """
            SELECT coalesce(sum(q.queued), 0) AS total, coalesce(sum(q.version), 0) AS version
              FROM queue_counts AS q
             WHERE c.permitted""";

    /**
     * What a filter reads: every queued inquiry, or those of one department, resolved once (an unknown one
     * matches nothing). Two statements, not one NULL-tolerant one, so that each keeps its own generic plan
     * on its own partial index.
     */
    private enum Scope {
        ALL_QUEUED("SELECT NULL::text AS id", ALL_COUNTS, "true"),
        ONE_DEPARTMENT(DEPARTMENT, DEPARTMENT_COUNTS, "department_id = d.id");

        private final String department;
        private final String counts;
        private final String inDepartment;

        Scope(String department, String counts, String inDepartment) {
            this.department = department;
            this.counts = counts;
            this.inDepartment = inDepartment;
        }

        static Scope of(InquiryListRequest request) {
            return request.department().isPresent() ? ONE_DEPARTMENT : ALL_QUEUED;
        }

        Map<String, String> defines(String caller) {
            Map<String, String> defines = new LinkedHashMap<>();
            defines.put("caller", caller);
            defines.put("department", department);
            defines.put("counts", counts);
            defines.put("inDepartment", inDepartment);
            return defines;
        }
    }

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
            Query query = statement.query(handle);
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
        Map<String, String> defines = Scope.of(request).defines(caller);
        defines.put("pageOrder", SortColumns.orderBy(request.sort(), ""));
        defines.put("rowOrder", SortColumns.orderBy(request.sort(), "p."));
        Map<String, Object> parameters = new LinkedHashMap<>(callerParameters);
        parameters.put("offset", request.page().offset());
        parameters.put("limit", request.page().limit().isPresent() ? request.page().limit().getAsLong() : null);
        request.department().ifPresent(department -> parameters.put("department", storable(department)));
        return new SqlStatement(PAGE, defines, parameters);
    }

    static SqlStatement versionStatementFor(InquiryListRequest request, Map<String, Object> callerParameters) {
        Map<String, Object> parameters = new LinkedHashMap<>(callerParameters);
        request.department().ifPresent(department -> parameters.put("department", storable(department)));
        return new SqlStatement(VERSION, Scope.of(request).defines(LoginTokenRepository.CALLER), parameters);
    }

    /** A department PostgreSQL cannot store names no department; NULL matches none without an error. */
    private static String storable(String department) {
        return PostgresText.canBeStored(department) ? department : null;
    }

    private Authorized<InquiryPage> run(SqlStatement statement) {
        long offset = (long) statement.parameters().get("offset");
        return database.withHandle(handle -> statement.query(handle)
                .scanResultSet((supplier, context) -> readPage(supplier.get(), offset)));
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
