package dev.inquiries.persistence.queue;

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
import dev.inquiries.domain.QueueRefusedException;
import dev.inquiries.domain.SortSpec;
import dev.inquiries.persistence.Database;
import dev.inquiries.persistence.DepartmentNames;
import dev.inquiries.persistence.LoginTokenRepository;
import dev.inquiries.persistence.PostgresText;
import dev.inquiries.persistence.SqlStatement;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Reads the queue. One statement checks the caller and returns a page, the total of its filter and the
 * queue's version together: one round trip, one snapshot. Totals and versions come from the counts the
 * triggers keep (V4), pages from the queued partial indexes.
 */
public final class InquiryRepository {

    /**
     * A page of queued inquiries with the total and version of its filter. {@code <caller>}: the caller as a
     * one-row relation {@code (permitted, user_id, restricted)}, or none; {@code <department>}: the one-row
     * relation the filter reads; {@code <seen>}: the departments the caller's view is limited to, read only
     * where it is; {@code <allowed>} whether the filter is one the caller may use; {@code <counts>} the total
     * and version of the filter, {@code <rows>} the page; {@code <rowOrder>} the page's order over its rows.
     * Nothing but the caller is read unless it is permitted (the laterals' conditions are one-time filters).
     */
    private static final String PAGE = """
            WITH caller AS MATERIALIZED (<caller>),
                 department AS MATERIALIZED (<department>),
                 seen AS MATERIALIZED (<seen>)
            SELECT c.permitted, <allowed> AS allowed, t.total, t.version,
                   p.id, p.rid, p.name, p.ts, p.status, p.department_id
              FROM department AS d
              LEFT JOIN caller AS c ON true
              LEFT JOIN LATERAL (<counts>) AS t ON true
              LEFT JOIN LATERAL (<rows>) AS p ON true
             ORDER BY <rowOrder>""";

    /** The version alone, for a conditional request: the same caller, department and counts as {@link #PAGE}. */
    private static final String VERSION = """
            WITH caller AS MATERIALIZED (<caller>),
                 department AS MATERIALIZED (<department>),
                 seen AS MATERIALIZED (<seen>)
            SELECT c.permitted, <allowed> AS allowed, t.version
              FROM department AS d
              LEFT JOIN caller AS c ON true
              LEFT JOIN LATERAL (<counts>) AS t ON true""";

    private static final String COLUMNS = "id, rid, name, ts, status, department_id";

    /** The caller's user id, inside {@code <seen>}. */
    private static final String CALLER_ID = "(SELECT user_id FROM caller)";

    /**
     * A department is named by id or by name; an id wins when one department's id is another's name. With
     * the version of everything that decides who sees which department (V24).
     */
    private static final String DEPARTMENT = "SELECT " + DepartmentNames.ID_OF + " AS id,\n"
            + "       (SELECT version FROM department_version) AS names_version";

    private static final String NO_DEPARTMENT = "SELECT NULL::text AS id,\n"
            + "       (SELECT version FROM department_version) AS names_version";

    /**
     * A filter's version: who-sees-what's version times 2^40, the sum of its counts' versions (each only
     * grows) below, so that a view that changed which departments it reads never repeats an earlier version.
     */
    private static final String VERSION_OF_COUNTS = "d.names_version * 1099511627776 + coalesce(sum(q.version), 0)";

    /** At most the rows a page needs from each part of a merged page. */
    private static final String WINDOW = "CAST(:offset AS bigint) + CAST(:limit AS bigint)";

    /**
     * What a filter reads: every queued inquiry, or those of one department, resolved once (an unknown one
     * matches nothing). Two statements, not one NULL-tolerant one, so that each keeps its own generic plan
     * on its own partial index.
     */
    private enum Scope {
        ALL_QUEUED(NO_DEPARTMENT, "true", "true", "true"),
        ONE_DEPARTMENT(DEPARTMENT, "q.department_key = d.id", "department_id = d.id", "false");

        private final String department;
        private final String keyInDepartment;
        private final String inDepartment;
        private final String withoutDepartment;

        Scope(String department, String keyInDepartment, String inDepartment, String withoutDepartment) {
            this.department = department;
            this.keyInDepartment = keyInDepartment;
            this.inDepartment = inDepartment;
            this.withoutDepartment = withoutDepartment;
        }

        static Scope of(InquiryListRequest request) {
            return request.department().isPresent() ? ONE_DEPARTMENT : ALL_QUEUED;
        }
    }

    /**
     * Whose queue: the list (every queued inquiry, or a restricted monitor's departments) or an agent's
     * queuedForUser. Both are built from {@link QueueVisibility}'s parts.
     */
    private enum View {
        /**
         * inquiries.list. Unrestricted callers read the filter's partial index directly; a restricted monitor
         * merges the pages of its departments.
         */
        LIST(QueueVisibility.monitorDepartments(CALLER_ID), """
                SELECT coalesce(sum(q.queued), 0) AS total, <versionOfCounts> AS version
                  FROM queue_counts AS q
                 WHERE c.permitted AND <keyInDepartment>
                   AND (NOT c.restricted OR q.department_key IN (SELECT department FROM seen))""", """
                SELECT * FROM (SELECT <columns> FROM inquiries
                                WHERE inquiry_is_queued(status) AND <inDepartment> AND c.permitted AND NOT c.restricted
                                ORDER BY <pageOrder>
                                LIMIT :limit OFFSET :offset) AS everyone
                UNION ALL
                SELECT * FROM (SELECT x.* FROM seen AS s CROSS JOIN LATERAL (
                                      SELECT <columns> FROM inquiries
                                       WHERE inquiry_is_queued(status) AND department_id = s.department AND <inDepartment>
                                       ORDER BY <pageOrder>
                                       LIMIT <window>) AS x
                                WHERE c.permitted AND c.restricted
                                ORDER BY <pageOrder>
                                LIMIT :limit OFFSET :offset) AS limited"""),
        /**
         * inquiries.queuedForUser: the pages of the agent's departments (routed to nobody), of no department
         * (routed to nobody) and of what is routed to it, merged; a department filter must be one of its own.
         */
        QUEUED_FOR_USER(QueueVisibility.agentDepartments(CALLER_ID), """
                SELECT coalesce(sum(q.queued), 0) AS total, <versionOfCounts> AS version
                  FROM queue_counts AS q
                 WHERE c.permitted AND <keyInDepartment>
                   AND (q.agent_key = c.user_id
                        OR q.agent_key = '' AND (q.department_key = '' OR q.department_key IN (SELECT department FROM seen)))""",
                """
                SELECT * FROM (
                    SELECT * FROM (SELECT x.* FROM seen AS s CROSS JOIN LATERAL (
                                          SELECT <columns> FROM inquiries
                                           WHERE inquiry_is_queued(status) AND department_id = s.department
                                             AND <routedToNobody> AND <inDepartment>
                                           ORDER BY <pageOrder>
                                           LIMIT <window>) AS x) AS members
                    UNION ALL
                    SELECT * FROM (SELECT <columns> FROM inquiries
                                    WHERE inquiry_is_queued(status) AND department_id IS NULL
                                      AND <routedToNobody> AND <withoutDepartment>
                                    ORDER BY <pageOrder>
                                    LIMIT <window>) AS nobody
                    UNION ALL
                    SELECT * FROM (SELECT <columns> FROM inquiries
                                    WHERE inquiry_is_queued(status) AND <routedToCaller> AND <inDepartment>
                                    ORDER BY <pageOrder>
                                    LIMIT <window>) AS routed) AS queue
                 WHERE c.permitted AND <allowed>
                 ORDER BY <pageOrder>
                 LIMIT :limit OFFSET :offset""");

        private final String seen;
        private final String counts;
        private final String rows;

        View(String seen, String counts, String rows) {
            this.seen = seen;
            this.counts = counts;
            this.rows = rows;
        }

        /** Whether the caller may use the filter: any for the list, one of its departments for its queue. */
        String allowed(Scope scope) {
            return this == QUEUED_FOR_USER && scope == Scope.ONE_DEPARTMENT
                    ? "(d.id IN (SELECT department FROM seen))" : "true";
        }

        /**
         * The statement's attributes, with the parts of {@code <counts>} and {@code <rows>} filled in here (Jdbi
         * fills attributes in one pass); {@code <pageOrder>} and {@code <rowOrder>} are the sort's.
         */
        Map<String, String> defines(Scope scope, String caller, SortSpec sort) {
            Map<String, String> parts = new LinkedHashMap<>();
            parts.put("allowed", allowed(scope));
            parts.put("versionOfCounts", VERSION_OF_COUNTS);
            parts.put("keyInDepartment", scope.keyInDepartment);
            parts.put("inDepartment", scope.inDepartment);
            parts.put("withoutDepartment", scope.withoutDepartment);
            parts.put("columns", COLUMNS);
            parts.put("window", WINDOW);
            parts.put("routedToNobody", QueueVisibility.ROUTED_TO_NOBODY);
            parts.put("routedToCaller", QueueVisibility.routedTo("", "c.user_id"));
            parts.put("pageOrder", SortColumns.orderBy(sort, ""));
            Map<String, String> defines = new LinkedHashMap<>();
            defines.put("caller", caller);
            defines.put("department", scope.department);
            defines.put("seen", seen);
            defines.put("allowed", parts.get("allowed"));
            defines.put("counts", fill(counts, parts));
            defines.put("rows", fill(rows, parts));
            defines.put("rowOrder", SortColumns.orderBy(sort, "p."));
            return defines;
        }

        private static String fill(String text, Map<String, String> parts) {
            String filled = text;
            for (Map.Entry<String, String> part : parts.entrySet()) {
                filled = filled.replace("<" + part.getKey() + ">", part.getValue());
            }
            return filled;
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
        if (read(View.LIST, request, CallerCheck.trusted()) instanceof Authorized.Granted<InquiryPage> granted) {
            return granted.value();
        }
        throw new IllegalStateException("The trusted read of the queue was refused");
    }

    /**
     * The list's page the request asks for, if the credentials are an active user's unexpired token whose
     * roles grant the permission; checked and read in one statement. A restricted monitor reads its
     * departments only.
     */
    public Authorized<InquiryPage> listFor(Credentials credentials, Permission permission, InquiryListRequest request) {
        return read(View.LIST, request, CallerCheck.of(credentials, permission, tokens.lifetime()));
    }

    /**
     * The caller's queuedForUser page, if its roles grant the permission.
     *
     * @throws QueueRefusedException when the department filter is not one of the caller's departments
     */
    public Authorized<InquiryPage> queuedFor(Credentials credentials, Permission permission, InquiryListRequest request) {
        return read(View.QUEUED_FOR_USER, request, CallerCheck.of(credentials, permission, tokens.lifetime()));
    }

    /**
     * The version of the list the request's page would be read from, without reading the page, for the
     * same caller check as {@link #listFor}: equal to {@link InquiryPage#version()} in the same state.
     */
    public Authorized<Long> versionFor(Credentials credentials, Permission permission, InquiryListRequest request) {
        return version(View.LIST, request, CallerCheck.of(credentials, permission, tokens.lifetime()));
    }

    /** The version of the caller's queuedForUser page, as {@link #versionFor} is of the list's. */
    public Authorized<Long> queuedVersionFor(Credentials credentials, Permission permission, InquiryListRequest request) {
        return version(View.QUEUED_FOR_USER, request, CallerCheck.of(credentials, permission, tokens.lifetime()));
    }

    /**
     * The statement {@link #listFor} runs for these credentials, with tokens of this lifetime. Public for the
     * benchmark (module {@code bench}), which derives its pgbench floor from it.
     */
    public static SqlStatement listStatement(Credentials credentials, Permission permission, Duration tokenLifetime,
                                             InquiryListRequest request) {
        return pageStatement(View.LIST, request, CallerCheck.of(credentials, permission, tokenLifetime));
    }

    /** The statement {@link #queuedFor} runs, for the benchmark as {@link #listStatement}. */
    public static SqlStatement queuedStatement(Credentials credentials, Permission permission, Duration tokenLifetime,
                                               InquiryListRequest request) {
        return pageStatement(View.QUEUED_FOR_USER, request, CallerCheck.of(credentials, permission, tokenLifetime));
    }

    /** Checks the caller and reads the page in one statement; refuses unless the check grants. */
    Authorized<InquiryPage> read(InquiryListRequest request, CallerCheck caller) {
        return read(View.LIST, request, caller);
    }

    private Authorized<InquiryPage> read(View view, InquiryListRequest request, CallerCheck caller) {
        SqlStatement statement = pageStatement(view, request, caller);
        List<PageRow> rows = database.withHandle(handle -> statement.query(handle).map(PageRow::map).list());
        return CallerCheck.decide(rows, checked -> page(allowed(checked), request.page().offset()));
    }

    private Authorized<Long> version(View view, InquiryListRequest request, CallerCheck caller) {
        SqlStatement statement = versionStatement(view, request, caller);
        List<VersionRow> rows = database.withHandle(handle -> statement.query(handle).map(VersionRow::map).list());
        return CallerCheck.decide(rows, checked -> allowed(checked).getFirst().version());
    }

    /** The rows of a permitted read, unless its filter is one the caller may not use. */
    private static <R extends Filtered> List<R> allowed(List<R> rows) {
        if (!rows.getFirst().allowed()) {
            throw new QueueRefusedException(QueueRefusedException.Reason.DEPARTMENT_NOT_AUTHORIZED);
        }
        return rows;
    }

    static SqlStatement pageStatement(InquiryListRequest request, CallerCheck caller) {
        return pageStatement(View.LIST, request, caller);
    }

    private static SqlStatement pageStatement(View view, InquiryListRequest request, CallerCheck caller) {
        Map<String, Object> parameters = new LinkedHashMap<>(caller.parameters());
        parameters.put("offset", request.page().offset());
        parameters.put("limit", request.page().limit().isPresent() ? request.page().limit().getAsLong() : null);
        request.department().ifPresent(department -> parameters.put("department", storable(department)));
        return new SqlStatement(PAGE, view.defines(Scope.of(request), caller.sql(), request.sort()), parameters);
    }

    private static SqlStatement versionStatement(View view, InquiryListRequest request, CallerCheck caller) {
        Map<String, Object> parameters = new LinkedHashMap<>(caller.parameters());
        request.department().ifPresent(department -> parameters.put("department", storable(department)));
        return new SqlStatement(VERSION, view.defines(Scope.of(request), caller.sql(), request.sort()), parameters);
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

    /** A row that says whether the caller may use the request's filter. */
    private interface Filtered extends CallerCheck.Checked {
        boolean allowed();
    }

    /**
     * A row of {@link #PAGE}: the caller's verdict, whether it may use the filter, the filter's total and
     * version, and an inquiry unless the page is empty (then the one row carries no inquiry).
     */
    private record PageRow(CallerCheck.Verdict caller, boolean allowed, long total, long version, Optional<Inquiry> inquiry)
            implements Filtered {

        static PageRow map(ResultSet row, StatementContext context) throws SQLException {
            return new PageRow(CallerCheck.verdict(row), row.getBoolean("allowed"), row.getLong("total"),
                    row.getLong("version"),
                    row.getString("id") == null ? Optional.empty() : Optional.of(InquiryMapper.INSTANCE.map(row, context)));
        }
    }

    /** The row of {@link #VERSION}: the caller's verdict, whether it may use the filter, and its version. */
    private record VersionRow(CallerCheck.Verdict caller, boolean allowed, long version) implements Filtered {

        static VersionRow map(ResultSet row, StatementContext context) throws SQLException {
            return new VersionRow(CallerCheck.verdict(row), row.getBoolean("allowed"), row.getLong("version"));
        }
    }
}
