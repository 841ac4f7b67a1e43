package dev.inquiries.persistence.queue;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import dev.inquiries.domain.Authorized;
import dev.inquiries.domain.Credentials;
import dev.inquiries.domain.Inquiry;
import dev.inquiries.domain.InquiryListRequest;
import dev.inquiries.domain.InquiryPage;
import dev.inquiries.domain.Permission;
import dev.inquiries.domain.QueueRefusedException;
import dev.inquiries.domain.QueueView;
import dev.inquiries.domain.SortSpec;
import dev.inquiries.persistence.Database;
import dev.inquiries.persistence.LoginTokenRepository;
import dev.inquiries.persistence.PageRows;
import dev.inquiries.persistence.PostgresText;
import dev.inquiries.persistence.Rows;
import dev.inquiries.persistence.SqlFiles;
import dev.inquiries.persistence.SqlStatement;
import dev.inquiries.persistence.StatementShape;
import dev.inquiries.persistence.Statements;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Reads the queue. One statement checks the caller and returns a page, the total of its filter and the
 * queue's version together: one round trip, one snapshot. Totals and versions come from the counts the
 * triggers keep (V4), pages from the queued partial indexes.
 */
public final class InquiryRepository {

    /** A page of queued inquiries with the total and version of its filter: {@code page.sql}. */
    private static final String PAGE = SqlFiles.of(InquiryRepository.class, "page");

    /** The version alone, for a conditional request: {@code version.sql}. */
    private static final String VERSION = SqlFiles.of(InquiryRepository.class, "version");

    /** The total and version of a filter: {@code counts.sql}. */
    private static final String COUNTS = SqlFiles.of(InquiryRepository.class, "counts");

    /** The caller's user id, inside {@code <seen>}. */
    private static final String CALLER_ID = "(SELECT user_id FROM caller)";

    /** The attributes a composed statement leaves for each request: its caller check and its order. */
    private static final String[] PER_REQUEST = {"caller", "pageOrder", "rowOrder", "sortColumns"};

    /**
     * What a filter reads: every queued inquiry, or those of one department, resolved once (an unknown one
     * matches nothing). Two statements, not one NULL-tolerant one, so that each keeps its own generic plan
     * on its own partial index.
     */
    private enum Scope {
        ALL_QUEUED("all_queued", "true", "true", "true", QueueHeads.ofAll()),
        ONE_DEPARTMENT("one_department", "q.department_key = d.id", "department_id = d.id", "false",
                QueueHeads.ofDepartment("d.id"));

        /** How the catalog of statements names the filter of each scope's shape. */
        String shapeName() {
            return this == ALL_QUEUED ? "every department" : "one department";
        }

        private final String department;
        private final String keyInDepartment;
        private final String inDepartment;
        private final String withoutDepartment;
        /** Where an oldest-first read of the filter starts (V31's heads). */
        private final String head;

        Scope(String departmentFile, String keyInDepartment, String inDepartment, String withoutDepartment, String head) {
            this.department = SqlFiles.of(InquiryRepository.class, departmentFile);
            this.keyInDepartment = keyInDepartment;
            this.inDepartment = inDepartment;
            this.withoutDepartment = withoutDepartment;
            this.head = head;
        }

        static Scope of(InquiryListRequest request) {
            return request.department().isPresent() ? ONE_DEPARTMENT : ALL_QUEUED;
        }
    }

    /**
     * Where a page's scans start: anywhere their order says, or, for a page read from the oldest end ({@code ts}
     * ascending first), at the head of each queue they read ({@link QueueHeads}), past the entries of what was taken.
     */
    private enum Start {
        ANYWHERE, AT_HEADS;

        static Start of(SortSpec sort) {
            return QueueHeads.startsAtOldest(sort) ? AT_HEADS : ANYWHERE;
        }
    }

    /** A page statement's key: its filter and where its scans start. */
    private record PageKind(Scope scope, Start start) {
    }

    /**
     * Whose queue: the list (every queued inquiry, or a restricted monitor's departments) or an agent's
     * queuedForUser, each with its {@code seen} departments ({@link QueueVisibility}), the counts its total is made
     * of, and its rows ({@code list_rows.sql}, {@code queued_rows.sql}). Each view's page and version statements are
     * composed once, per filter (and for pages, per start), when the class loads ({@code page.sql},
     * {@code version.sql}); a request only gives them its caller check and its order, in Jdbi's one pass.
     */
    private enum View {
        /** inquiries.list: every department's counts, or a restricted monitor's departments'. */
        LIST(QueueView.LIST, SortSpec.DEFAULT, QueueVisibility.monitorDepartments(CALLER_ID),
                "(NOT c.restricted OR q.department_key IN (SELECT department FROM seen))", "list_rows", "true"),
        /**
         * inquiries.queuedForUser: what is routed to the agent, and to nobody in its departments or in none; a
         * department filter must be one of its departments.
         */
        QUEUED_FOR_USER(QueueView.QUEUED_FOR_USER, SortSpec.OLDEST_FIRST, QueueVisibility.agentDepartments(CALLER_ID),
                "(q.agent_key = c.user_id"
                        + " OR q.agent_key = '' AND (q.department_key = '' OR q.department_key IN (SELECT department FROM seen)))",
                "queued_rows", "(d.id IN (SELECT department FROM seen))");

        private final QueueView queue;
        private final SortSpec defaultSort;
        private final Map<PageKind, String> pages = new LinkedHashMap<>();
        private final Map<Scope, String> versions = new EnumMap<>(Scope.class);

        /**
         * A view of a queue (its endpoint's name and permission) with its endpoint's default order, of the seen
         * departments, the counts its total is made of, its rows' file, and whether the caller may use a department
         * filter.
         */
        View(QueueView queue, SortSpec defaultSort, String seen, String countedFor, String rowsFile,
             String departmentAllowed) {
            this.queue = queue;
            this.defaultSort = defaultSort;
            String rows = SqlFiles.of(InquiryRepository.class, rowsFile);
            for (Scope scope : Scope.values()) {
                String allowed = scope == Scope.ONE_DEPARTMENT ? departmentAllowed : "true";
                Map<String, String> filter = new LinkedHashMap<>();
                filter.put("keyInDepartment", scope.keyInDepartment);
                filter.put("countedFor", countedFor);
                String counts = SqlFiles.compose(COUNTS, filter);
                Map<String, String> parts = new LinkedHashMap<>();
                parts.put("department", scope.department);
                parts.put("seen", seen);
                parts.put("allowed", allowed);
                parts.put("counts", counts);
                versions.put(scope, SqlFiles.compose(VERSION, parts, PER_REQUEST));
                for (Start start : Start.values()) {
                    boolean atHeads = start == Start.AT_HEADS;
                    Map<String, String> rowParts = new LinkedHashMap<>();
                    rowParts.put("inDepartment", scope.inDepartment);
                    rowParts.put("withoutDepartment", scope.withoutDepartment);
                    rowParts.put("allowed", allowed);
                    rowParts.put("fromHead", atHeads ? scope.head : QueueHeads.NONE);
                    rowParts.put("fromDepartmentHead", atHeads ? QueueHeads.ofDepartment("s.department") : QueueHeads.NONE);
                    rowParts.put("fromNobodysHead", atHeads ? QueueHeads.withoutDepartment() : QueueHeads.NONE);
                    parts.put("rows", SqlFiles.compose(rows, rowParts, PER_REQUEST));
                    pages.put(new PageKind(scope, start), SqlFiles.compose(PAGE, parts, PER_REQUEST));
                }
            }
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
        List<VersionRow> rows = database.list(statement, VersionRow::map);
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
        PageRows.putPage(parameters, request.page());
        request.department().ifPresent(department -> parameters.put("department", storable(department)));
        return new SqlStatement(view.pages.get(new PageKind(Scope.of(request), Start.of(request.sort()))),
                perRequest(caller, request.sort()), parameters);
    }

    private static SqlStatement versionStatement(View view, InquiryListRequest request, CallerCheck caller) {
        Map<String, Object> parameters = new LinkedHashMap<>(caller.parameters());
        request.department().ifPresent(department -> parameters.put("department", storable(department)));
        return new SqlStatement(view.versions.get(Scope.of(request)), perRequest(caller, request.sort()), parameters);
    }

    /**
     * Every statement this class runs in each of its shapes, for the catalog of statements: the page and the version
     * of each view and filter, for a caller checked as the endpoints check it, in the endpoint's default order.
     */
    static List<StatementShape> statements() {
        List<StatementShape> shapes = new ArrayList<>();
        for (String file : List.of("page", "version")) {
            for (View view : View.values()) {
                for (Scope scope : Scope.values()) {
                    Map<String, List<String>> filter = scope == Scope.ONE_DEPARTMENT
                            ? Map.of("department", List.of(Statements.EXAMPLE_DEPARTMENT)) : Map.of();
                    InquiryListRequest request = InquiryListRequest.parse(filter, Statements.PAGING, view.defaultSort);
                    CallerCheck caller = CallerCheck.of(Statements.EXAMPLE_CALLER, view.queue.permission(),
                            Statements.TOKEN_LIFETIME);
                    SqlStatement sql = file.equals("page") ? pageStatement(view, request, caller)
                            : versionStatement(view, request, caller);
                    shapes.add(StatementShape.of(InquiryRepository.class, file, "inquiries." + view.queue.wireName()
                            + ", " + scope.shapeName() + ", in its default order", sql));
                }
            }
        }
        return shapes;
    }

    /** What a request gives a composed statement: its caller check, and its order over the index and over the page. */
    private static Map<String, String> perRequest(CallerCheck caller, SortSpec sort) {
        Map<String, String> defines = new LinkedHashMap<>();
        defines.put("caller", caller.sql());
        defines.putAll(ORDERS.computeIfAbsent(sort, InquiryRepository::order));
        if (ORDERS.size() > ORDERS_KEPT) {
            ORDERS.clear();
        }
        return defines;
    }

    /** The SQL of each order asked for lately: orders are few, and rendering one was a few per cent of a request. */
    private static final Map<SortSpec, Map<String, String>> ORDERS = new ConcurrentHashMap<>();

    /** How many orders {@link #ORDERS} keeps before it starts again (a client may send ever new ones). */
    private static final int ORDERS_KEPT = 256;

    private static Map<String, String> order(SortSpec sort) {
        Map<String, String> defines = new LinkedHashMap<>();
        defines.put("pageOrder", SortColumns.orderBy(sort, ""));
        defines.put("rowOrder", SortColumns.orderBy(sort, "p."));
        defines.put("sortColumns", SortColumns.beyondListed(sort));
        return Collections.unmodifiableMap(defines);
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
                    row.getString("id") == null ? Optional.empty() : Optional.of(Rows.inquiry(row, context)));
        }
    }

    /** The row of {@link #VERSION}: the caller's verdict, whether it may use the filter, and its version. */
    private record VersionRow(CallerCheck.Verdict caller, boolean allowed, long version) implements Filtered {

        static VersionRow map(ResultSet row) throws SQLException {
            return new VersionRow(CallerCheck.verdict(row), row.getBoolean("allowed"), row.getLong("version"));
        }
    }
}
