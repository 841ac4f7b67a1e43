package dev.inquiries.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.inquiries.domain.Credentials;
import dev.inquiries.domain.InquiryListRequest;
import dev.inquiries.domain.Permission;
import dev.inquiries.domain.QueueOrder;
import dev.inquiries.domain.Paging;
import dev.inquiries.persistence.Database;
import dev.inquiries.persistence.SqlStatement;
import dev.inquiries.persistence.queue.InquiryRepository;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The benchmark's view of the SQL (run by {@code bench/run.sh}; not a test). For each workload it writes the
 * "own floor": the statements the service runs for that request (one, which checks the caller and reads the
 * page), taken from the repositories themselves and rendered by Jdbi on the benchmark's database, as a pgbench
 * script and its {@code -D} variables. With {@code --explain} it also EXPLAINs those statements and the
 * workload's naive script, custom and generic plans alike, and fails when
 * a plan of the service's statements reads {@code inquiries} with a sequential scan.
 *
 * <pre>
 * BenchmarkStatements --out DIR --user-id ID --token TOKEN [--explain] [--index-paths-only]
 *     [--agent ID TOKEN] [--define NAME=VALUE]... --workload NAME QUERY NAIVE_SCRIPT [--workload ...]
 *     [--queued-workload NAME QUERY NAIVE_SCRIPT]...
 * </pre>
 * {@code QUERY} is the request's query string as sent over HTTP; a {@code --workload} is of the list (as the
 * user of {@code --user-id}), a {@code --queued-workload} of {@code inquiries.queuedForUser} (as the agent of
 * {@code --agent}); {@code --define} gives the naive scripts'
 * pgbench variables; it connects with {@code DB_URL}, {@code DB_USERNAME} and {@code DB_PASSWORD};
 * {@code --index-paths-only} explains with sequential scans disabled, for tables so
 * small that PostgreSQL rightly prefers reading them whole (the check then asks only that an index can serve).
 * Exit codes: 0 fine, 2 bad usage, 3 a plan of the service's SQL scans {@code inquiries} sequentially.
 */
public final class BenchmarkStatements {

    private static final Pattern SEQ_SCAN_ON_INQUIRIES = Pattern.compile("Seq Scan on inquiries(?![A-Za-z0-9_])");
    private static final Pattern SCAN_NODE = Pattern.compile(
            "((?:Parallel )?(?:Seq Scan|Index Only Scan|Index Scan|Bitmap Heap Scan|Bitmap Index Scan)"
                    + "(?: Backward)?(?: using \\S+)?(?: on \\S+)?)");
    private static final Pattern PARAMETER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /**
     * One workload: its name, its query string as sent over HTTP, its naive pgbench script, and whether it
     * reads an agent's queue (queuedForUser) rather than the list.
     */
    record Workload(String name, String query, Path naiveScript, boolean queued) {
    }

    /** A statement as sent: SQL with {@code :name} parameters, and their values in the order of first use. */
    record Rendered(String sql, Map<String, Object> parameters) {
    }

    /** A named statement of a workload, e.g. {@code W1 own/list}. */
    record LabelledStatement(String label, Rendered statement, boolean service) {
    }

    /** The paging the service runs with by default (web's application.yaml: api.count.*), as bench/run.sh serves it. */
    private static final Paging SERVICE_PAGING = new Paging(50, 100, false);
    /** The token lifetime the service runs with by default (auth.token.lifetime); it is a parameter of the SQL. */
    private static final Duration SERVICE_TOKEN_LIFETIME = Duration.ofDays(90);

    private BenchmarkStatements() {
    }

    public static void main(String[] args) throws IOException {
        Path out = null;
        String userId = null;
        String token = null;
        String agentId = null;
        String agentToken = null;
        boolean explain = false;
        boolean indexPathsOnly = false;
        Map<String, Object> defines = new LinkedHashMap<>();
        List<Workload> workloads = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--out" -> out = Path.of(args[++i]);
                case "--user-id" -> userId = args[++i];
                case "--token" -> token = args[++i];
                case "--explain" -> explain = true;
                case "--index-paths-only" -> indexPathsOnly = true;
                case "--define" -> {
                    String[] definition = args[++i].split("=", 2);
                    defines.put(definition[0], definition[1]);
                }
                case "--agent" -> {
                    agentId = args[++i];
                    agentToken = args[++i];
                }
                case "--workload" -> workloads.add(new Workload(args[++i], args[++i], Path.of(args[++i]), false));
                case "--queued-workload" -> workloads.add(new Workload(args[++i], args[++i], Path.of(args[++i]), true));
                default -> usage("unknown argument " + args[i]);
            }
        }
        if (out == null || userId == null || token == null || workloads.isEmpty()) {
            usage("--out, --user-id, --token and at least one --workload are required");
        }
        if (agentId == null && workloads.stream().anyMatch(Workload::queued)) {
            usage("a --queued-workload needs --agent");
        }
        Files.createDirectories(out);
        // The settings the service's sessions run with, for pgbench's own floor (PGOPTIONS).
        Files.writeString(out.resolve("own.pgoptions"), "-c plan_cache_mode=" + Database.PLAN_CACHE_MODE + "\n");
        Jdbi jdbi = Jdbi.create(requiredEnvironment("DB_URL"), System.getenv("DB_USERNAME"), System.getenv("DB_PASSWORD"));
        List<LabelledStatement> statements = new ArrayList<>();
        for (Workload workload : workloads) {
            Credentials credentials = workload.queued() ? new Credentials(agentId, agentToken) : new Credentials(userId, token);
            List<Rendered> own = jdbi.withHandle(handle -> ownStatements(handle, workload, credentials));
            writeOwnFloor(out, workload, own);
            for (int i = 0; i < own.size(); i++) {
                statements.add(new LabelledStatement(workload.name() + " own/" + (i + 1), own.get(i), true));
            }
            List<Rendered> naive = naiveStatements(Files.readString(workload.naiveScript()), defines);
            for (int i = 0; i < naive.size(); i++) {
                statements.add(new LabelledStatement(workload.name() + " naive/" + (i + 1), naive.get(i), false));
            }
        }
        if (explain) {
            Path planFile = out.resolve("plans.txt");
            boolean withoutSeqScans = indexPathsOnly;
            List<String> failures = jdbi.withHandle(handle ->
                    checkPlans(handle, statements, withoutSeqScans, planFile, System.out));
            if (!failures.isEmpty()) {
                System.out.println("PLAN CHECK FAILED: the service's SQL reads inquiries with a sequential scan in "
                        + String.join("; ", failures) + " (full plans: " + planFile + ")");
                System.exit(3);
            }
            System.out.println("plan check passed: no plan of the service's SQL scans inquiries sequentially"
                    + (indexPathsOnly ? " (index paths only: sequential scans disabled)" : ""));
        }
    }

    /**
     * The statements the service runs for a request with this query string: one, which checks the caller and
     * reads the page together, as the repository builds it and the handle's Jdbi renders it (nothing is run).
     */
    static List<Rendered> ownStatements(Handle handle, Workload workload, Credentials credentials) {
        SqlStatement statement = workload.queued()
                ? InquiryRepository.queuedStatement(credentials, Permission.VIEW_L_ROOM, SERVICE_TOKEN_LIFETIME,
                        InquiryListRequest.parse(parameters(workload.query()), SERVICE_PAGING, QueueOrder.DEFAULT.sort()))
                : InquiryRepository.listStatement(credentials, Permission.VIEW_LIVECHAT_MANAGER, SERVICE_TOKEN_LIFETIME,
                        InquiryListRequest.parse(parameters(workload.query()), SERVICE_PAGING));
        return List.of(new Rendered(statement.render(handle), statement.parameters()));
    }

    /** The query string's parameters, decoded as the server decodes them. */
    static Map<String, List<String>> parameters(String query) {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            String[] nameAndValue = pair.split("=", 2);
            String name = URLDecoder.decode(nameAndValue[0], StandardCharsets.UTF_8);
            String value = nameAndValue.length > 1 ? URLDecoder.decode(nameAndValue[1], StandardCharsets.UTF_8) : "";
            parameters.computeIfAbsent(name, ignored -> new ArrayList<>()).add(value);
        }
        return parameters;
    }

    /**
     * Writes {@code NAME.own.pgbench} (the statements, each ending in a semicolon) and {@code NAME.own.defines}
     * (one {@code name=value} per line, for pgbench's {@code -D}). pgbench's {@code :name} variables are
     * Jdbi's named parameters, so the SQL goes in unchanged.
     */
    static void writeOwnFloor(Path out, Workload workload, List<Rendered> statements) throws IOException {
        StringBuilder script = new StringBuilder()
                .append("-- ").append(workload.name()).append(": the SQL the service runs for ?")
                .append(workload.query()).append('\n')
                .append("-- written by BenchmarkStatements from the repositories' own statements\n");
        Map<String, Object> variables = new LinkedHashMap<>();
        for (Rendered statement : statements) {
            script.append(statement.sql().strip()).append(";\n");
            statement.parameters().forEach((name, value) -> {
                if (value == null) {
                    throw new IllegalArgumentException("pgbench has no NULL variable (" + name + " in "
                            + workload.name() + ")");
                }
                Object earlier = variables.putIfAbsent(name, value);
                if (earlier != null && !earlier.equals(value)) {
                    throw new IllegalStateException("Two statements give :" + name + " different values");
                }
            });
        }
        StringBuilder defines = new StringBuilder();
        variables.forEach((name, value) -> defines.append(name).append('=').append(value).append('\n'));
        Files.writeString(out.resolve(workload.name() + ".own.pgbench"), script);
        Files.writeString(out.resolve(workload.name() + ".own.defines"), defines);
    }

    /** The SQL statements of a pgbench script, with the variables it uses given the defined values. */
    static List<Rendered> naiveStatements(String script, Map<String, Object> defines) {
        StringBuilder sql = new StringBuilder();
        for (String line : script.lines().toList()) {
            String trimmed = line.strip();
            if (!trimmed.startsWith("--") && !trimmed.startsWith("\\")) {
                sql.append(line).append('\n');
            }
        }
        List<Rendered> statements = new ArrayList<>();
        for (String statement : sql.toString().split(";")) {
            if (statement.isBlank()) {
                continue;
            }
            Map<String, Object> parameters = new LinkedHashMap<>();
            for (String name : parameterNames(statement)) {
                if (!defines.containsKey(name)) {
                    throw new IllegalArgumentException("The naive script uses :" + name + "; give it with --define");
                }
                parameters.put(name, defines.get(name));
            }
            statements.add(new Rendered(statement.strip(), parameters));
        }
        return statements;
    }

    /**
     * EXPLAINs every statement with a custom and with a generic plan (the service's prepared statements get
     * either), writes the plans to a file, prints each plan's scans, and returns the plans of the service's
     * statements that scan {@code inquiries} sequentially.
     */
    static List<String> checkPlans(Handle handle, List<LabelledStatement> statements, boolean indexPathsOnly,
                                   Path planFile, PrintStream report) {
        if (indexPathsOnly) {
            handle.execute("SET enable_seqscan = off");
        }
        StringBuilder plans = new StringBuilder();
        List<String> failures = new ArrayList<>();
        for (LabelledStatement labelled : statements) {
            Positional positional = positional(labelled.statement());
            handle.execute("PREPARE bench_statement AS " + positional.sql());
            try {
                for (String mode : List.of("custom", "generic")) {
                    handle.execute("SET plan_cache_mode = force_" + mode + "_plan");
                    String plan = String.join("\n", handle.createQuery(
                                    "EXPLAIN EXECUTE bench_statement" + positional.arguments())
                            .mapTo(String.class).list());
                    plans.append("== ").append(labelled.label()).append(" (").append(mode).append(" plan)\n")
                            .append(plan).append("\n\n");
                    boolean seqScan = seqScansInquiries(plan);
                    report.printf("plan %-14s %-7s %s%s%n", labelled.label(), mode, scans(plan),
                            seqScan && !labelled.service() ? "  (note: the naive SQL scans inquiries)" : "");
                    if (seqScan && labelled.service()) {
                        failures.add(labelled.label() + " (" + mode + " plan)");
                    }
                }
            } finally {
                handle.execute("DEALLOCATE bench_statement");
                handle.execute("RESET plan_cache_mode");
            }
        }
        try {
            Files.writeString(planFile, plans);
        } catch (IOException failure) {
            throw new IllegalStateException("Could not write " + planFile, failure);
        }
        return failures;
    }

    /** Whether an EXPLAIN plan reads the {@code inquiries} table with a sequential scan. */
    static boolean seqScansInquiries(String plan) {
        return SEQ_SCAN_ON_INQUIRIES.matcher(plan).find();
    }

    /** The scan nodes of a plan, in plan order, e.g. {@code Index Only Scan using inquiries_pkey on inquiries}. */
    static String scans(String plan) {
        List<String> scans = new ArrayList<>();
        Matcher scan = SCAN_NODE.matcher(plan);
        while (scan.find()) {
            scans.add(scan.group(1));
        }
        return String.join("; ", scans);
    }

    /** A statement as PREPARE takes it ({@code $1}, {@code $2}, ...) and the EXECUTE arguments in that order. */
    record Positional(String sql, String arguments) {
    }

    /** SQL whose {@code :name} parameters became {@code $n}, and the names in the order of their numbers. */
    record Numbered(String sql, List<String> names) {
    }

    /**
     * The statement with {@code $n} for its parameters; the values become quoted literals of unknown type,
     * which PostgreSQL types from their use, as it types pgbench's.
     */
    static Positional positional(Rendered statement) {
        Numbered numbered = numbered(statement.sql());
        List<String> arguments = new ArrayList<>();
        for (String name : numbered.names()) {
            if (!statement.parameters().containsKey(name)) {
                throw new IllegalArgumentException("No value for :" + name);
            }
            Object value = statement.parameters().get(name);
            arguments.add(value == null ? "NULL" : "'" + value.toString().replace("'", "''") + "'");
        }
        return new Positional(numbered.sql(),
                arguments.isEmpty() ? "" : "(" + String.join(", ", arguments) + ")");
    }

    /**
     * Turns {@code :name} parameters into {@code $n}, one number per name, leaving quoted text, quoted
     * identifiers and {@code ::} casts alone.
     */
    static Numbered numbered(String sql) {
        StringBuilder result = new StringBuilder();
        List<String> names = new ArrayList<>();
        int i = 0;
        while (i < sql.length()) {
            char character = sql.charAt(i);
            if (character == '\'' || character == '"') {
                int end = closingQuote(sql, i);
                result.append(sql, i, end + 1);
                i = end + 1;
            } else if (sql.startsWith("::", i)) {
                result.append("::");
                i += 2;
            } else if (character == ':' && PARAMETER.matcher(sql).region(i + 1, sql.length()).lookingAt()) {
                Matcher name = PARAMETER.matcher(sql).region(i + 1, sql.length());
                name.lookingAt();
                if (!names.contains(name.group())) {
                    names.add(name.group());
                }
                result.append('$').append(names.indexOf(name.group()) + 1);
                i = name.end();
            } else {
                result.append(character);
                i++;
            }
        }
        return new Numbered(result.toString(), names);
    }

    /** Where the quoted text or identifier opening at {@code open} ends; a doubled quote does not end it. */
    private static int closingQuote(String sql, int open) {
        char quote = sql.charAt(open);
        int i = open + 1;
        while (i < sql.length()) {
            if (sql.charAt(i) == quote) {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                return i;
            }
            i++;
        }
        return sql.length() - 1;
    }

    private static List<String> parameterNames(String sql) {
        return numbered(sql).names();
    }

    private static String requiredEnvironment(String name) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            usage(name + " must be set for --explain");
        }
        return value;
    }

    private static void usage(String problem) {
        System.err.println("BenchmarkStatements: " + problem);
        System.exit(2);
    }
}
