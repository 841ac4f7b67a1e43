package dev.inquiries.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.inquiries.persistence.testing.TestDatabase;
import dev.inquiries.persistence.testing.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every statement of the service, in every shape it composes of it, runs in the real {@code psql} as the command
 * line's {@code statements show} prints it: its header's {@code \set} lines given, the statement wrapped in
 * {@code EXPLAIN} (planned against the migrated schema, never run), psql stopping at the first error. A statement
 * that stops being runnable on its own fails the build. Without psql on the PATH this fails rather than skips.
 */
class StatementsInPsqlTest {

    /** Files that are parts of a statement composed from several, not statements of their own. */
    private static final Set<String> PARTS = Set.of(
            "queue/AgentQueueRepository/record",
            "queue/InquiryRepository/all_queued",
            "queue/InquiryRepository/one_department",
            "queue/InquiryRepository/counts",
            "queue/InquiryRepository/list_rows",
            "queue/InquiryRepository/queued_rows",
            "chat/ChatMoves/target",
            "chat/ChatMoves/oversees",
            "chat/RoomList/filter",
            "chat/ChatIntake/room",
            "chat/VisitorRepository/visitor");

    private static final Pattern URL = Pattern.compile("jdbc:postgresql://([^/:]+):(\\d+)/([^?]+)(?:\\?(.*))?");
    private static final long PSQL_SECONDS = 30;

    private static TestDatabase database;

    @BeforeAll
    static void migrate() {
        database = TestDatabases.create();
    }

    @AfterAll
    static void drop() {
        if (database != null) {
            database.close();
        }
    }

    @Test
    void runsEveryShapeOfEveryStatementInPsql() throws Exception {
        Path psql = onPath("psql");
        List<StatementShape> shapes = Statements.all();
        assertThat(shapes).hasSizeGreaterThan(60);

        List<String> failures = new ArrayList<>();
        for (StatementShape shape : shapes) {
            String script = String.join("\n", shape.variables()) + "\nEXPLAIN\n" + shape.psql();
            ProcessBuilder builder = new ProcessBuilder(psql.toString(), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-f", "-")
                    .redirectErrorStream(true);
            builder.environment().putAll(connection());
            Process process = builder.start();
            try (OutputStream input = process.getOutputStream()) {
                input.write(script.getBytes(StandardCharsets.UTF_8));
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(PSQL_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                failures.add(shape.statement() + " (" + shape.shape() + "): psql did not finish");
            } else if (process.exitValue() != 0) {
                failures.add(shape.statement() + " (" + shape.shape() + "): psql exited " + process.exitValue() + "\n"
                        + output.lines().filter(line -> line.contains("ERROR") || line.contains("LINE"))
                        .reduce((a, b) -> a + "\n" + b).orElse(output) + "\n--- the script:\n" + script);
            }
        }
        assertThat(failures).as("statements psql cannot run").isEmpty();
    }

    @Test
    void composesEveryShapeAsJdbiSendsIt() {
        database.jdbi().useHandle(handle -> {
            for (StatementShape shape : Statements.all()) {
                assertThat(shape.composed()).as(shape.statement() + " (" + shape.shape() + ")")
                        .isEqualTo(shape.sql().render(handle));
            }
        });
    }

    @Test
    void namesInItsHeaderEveryParameterTheRepositoryBinds() {
        for (StatementShape shape : Statements.all()) {
            if (!shape.sql().parameters().isEmpty()) {
                assertThat(shape.parameters()).as(shape.statement() + " (" + shape.shape() + ")")
                        .containsExactlyInAnyOrderElementsOf(shape.sql().parameters().keySet());
            }
            assertThat(shape.psql()).as(shape.statement()).endsWith(";\n");
        }
    }

    @Test
    void listsEveryStatementFileOnceByItsPath() throws IOException, URISyntaxException {
        // The main classes' directory: the test classes have a directory of this package too, without SQL.
        Path root = Path.of(SqlFiles.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .resolve("dev/inquiries/persistence");
        Set<String> files = new LinkedHashSet<>();
        try (Stream<Path> paths = Files.walk(root)) {
            paths.filter(path -> path.toString().endsWith(".sql"))
                    .map(path -> root.relativize(path).toString().replace('\\', '/').replaceFirst("\\.sql$", ""))
                    .forEach(files::add);
        }
        files.removeAll(PARTS);

        assertThat(Statements.names()).containsExactlyInAnyOrderElementsOf(files);
        assertThat(Statements.names()).isSorted();
    }

    /** The connection to the test database as libpq's variables, in the service's schema. */
    private static Map<String, String> connection() {
        Matcher url = URL.matcher(database.serviceUrl());
        if (!url.matches()) {
            throw new IllegalStateException("Unexpected test database URL " + database.serviceUrl());
        }
        Map<String, String> environment = new HashMap<>();
        environment.put("PGHOST", url.group(1));
        environment.put("PGPORT", url.group(2));
        environment.put("PGDATABASE", url.group(3));
        if (url.group(4) != null) {
            for (String parameter : url.group(4).split("&")) {
                String[] pair = parameter.split("=", 2);
                if (pair[0].equals("user")) {
                    environment.put("PGUSER", pair[1]);
                } else if (pair[0].equals("password")) {
                    environment.put("PGPASSWORD", pair[1]);
                }
            }
        }
        environment.put("PGOPTIONS", "-c search_path=" + database.schema());
        return environment;
    }

    /** The program on the PATH; the test fails without it (CI installs PostgreSQL's client). */
    private static Path onPath(String program) {
        for (String directory : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(directory, program);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return fail(program + " is not on the PATH: the statements' psql test needs PostgreSQL's client "
                + "(apt-get install postgresql-client)");
    }
}
