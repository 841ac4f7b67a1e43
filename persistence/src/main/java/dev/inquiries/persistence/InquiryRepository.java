package dev.inquiries.persistence;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.inquiries.domain.Authorized;
import dev.inquiries.domain.Credentials;
import dev.inquiries.domain.Inquiry;
import dev.inquiries.domain.InquiryListRequest;
import dev.inquiries.domain.InquiryPage;
import dev.inquiries.domain.Permission;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Reads the queue. One statement checks the caller and returns a page, the total of its filter and the
 * queue's version together: one round trip, one snapshot. Totals and versions come from the counts the
 * triggers keep (V4), pages from the queued partial indexes.
 */
public final class InquiryRepository {

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
    private static final String DEPARTMENT = "SELECT " + DepartmentNames.ID_OF + " AS id,\n"
            + "       (SELECT version FROM department_version) AS names_version";

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

    /**
     * The page the request asks for, as the command line and tests read it: no caller to check.
     *
     * @throws IllegalStateException when even the trusted check refuses, which only a broken statement can do
     */
    public InquiryPage list(InquiryListRequest request) {
        if (read(request, CallerCheck.trusted()) instanceof Authorized.Granted<InquiryPage> granted) {
            return granted.value();
        }
        throw new IllegalStateException("The trusted read of the queue was refused");
    }

    /**
     * The page the request asks for, if the credentials are an active user's unexpired token whose roles
     * grant the permission; checked and read in one statement.
     */
    public Authorized<InquiryPage> listFor(Credentials credentials, Permission permission, InquiryListRequest request) {
        return read(request, CallerCheck.of(credentials, permission, tokens.lifetime()));
    }

    /**
     * The version of the queue the request's page would be read from, without reading the page, for the
     * same caller check as {@link #listFor}: equal to {@link InquiryPage#version()} in the same state.
     */
    public Authorized<Long> versionFor(Credentials credentials, Permission permission, InquiryListRequest request) {
        SqlStatement statement = versionStatement(request, CallerCheck.of(credentials, permission, tokens.lifetime()));
        List<VersionRow> rows = database.withHandle(handle -> statement.query(handle).map(VersionRow::map).list());
        return CallerCheck.decide(rows, checked -> checked.getFirst().version());
    }

    /**
     * The statement {@link #listFor} runs for these credentials, with tokens of this lifetime. Public for the
     * benchmark (module {@code bench}), which derives its pgbench floor from it.
     */
    public static SqlStatement listStatement(Credentials credentials, Permission permission, Duration tokenLifetime,
                                             InquiryListRequest request) {
        return pageStatement(request, CallerCheck.of(credentials, permission, tokenLifetime));
    }

    /** Checks the caller and reads the page in one statement; refuses unless the check grants. */
    Authorized<InquiryPage> read(InquiryListRequest request, CallerCheck caller) {
        SqlStatement statement = pageStatement(request, caller);
        List<PageRow> rows = database.withHandle(handle -> statement.query(handle).map(PageRow::map).list());
        return CallerCheck.decide(rows, checked -> page(checked, request.page().offset()));
    }

    static SqlStatement pageStatement(InquiryListRequest request, CallerCheck caller) {
        Map<String, String> defines = Scope.of(request).defines(caller.sql());
        defines.put("pageOrder", SortColumns.orderBy(request.sort(), ""));
        defines.put("rowOrder", SortColumns.orderBy(request.sort(), "p."));
        Map<String, Object> parameters = new LinkedHashMap<>(caller.parameters());
        parameters.put("offset", request.page().offset());
        parameters.put("limit", request.page().limit().isPresent() ? request.page().limit().getAsLong() : null);
        request.department().ifPresent(department -> parameters.put("department", storable(department)));
        return new SqlStatement(PAGE, defines, parameters);
    }

    static SqlStatement versionStatement(InquiryListRequest request, CallerCheck caller) {
        Map<String, Object> parameters = new LinkedHashMap<>(caller.parameters());
        request.department().ifPresent(department -> parameters.put("department", storable(department)));
        return new SqlStatement(VERSION, Scope.of(request).defines(caller.sql()), parameters);
    }

    /** A department PostgreSQL cannot store names no department; NULL matches none without an error. */
    private static String storable(String department) {
        return PostgresText.canBeStored(department) ? department : null;
    }

    /** The page the rows of a granted read hold: every row carries the total and version, most an inquiry. */
    private static InquiryPage page(List<PageRow> rows, long offset) {
        List<Inquiry> inquiries = rows.stream().flatMap(row -> row.inquiry().stream()).toList();
        return new InquiryPage(inquiries, offset, rows.getFirst().total(), rows.getFirst().version());
    }

    /**
     * A row of {@link #PAGE}: the caller's verdict, the filter's total and version, and an inquiry unless the
     * page is empty (then the one row carries no inquiry).
     */
    private record PageRow(CallerCheck.Verdict caller, long total, long version, Optional<Inquiry> inquiry)
            implements CallerCheck.Checked {

        static PageRow map(ResultSet row, StatementContext context) throws SQLException {
            return new PageRow(CallerCheck.verdict(row), row.getLong("total"), row.getLong("version"),
                    row.getString("id") == null ? Optional.empty() : Optional.of(InquiryMapper.INSTANCE.map(row, context)));
        }
    }

    /** The row of {@link #VERSION}: the caller's verdict and the filter's version. */
    private record VersionRow(CallerCheck.Verdict caller, long version) implements CallerCheck.Checked {

        static VersionRow map(ResultSet row, StatementContext context) throws SQLException {
            return new VersionRow(CallerCheck.verdict(row), row.getLong("version"));
        }
    }
}
