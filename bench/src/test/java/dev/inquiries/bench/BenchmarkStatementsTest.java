package dev.inquiries.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import dev.inquiries.bench.BenchmarkStatements.LabelledStatement;
import dev.inquiries.bench.BenchmarkStatements.Positional;
import dev.inquiries.bench.BenchmarkStatements.Rendered;
import dev.inquiries.bench.BenchmarkStatements.Workload;
import dev.inquiries.domain.Credentials;
import dev.inquiries.domain.Inquiry;
import dev.inquiries.domain.InquiryListRequest;
import dev.inquiries.domain.InquiryPage;
import dev.inquiries.domain.Roles;
import dev.inquiries.domain.TokenHasher;
import dev.inquiries.persistence.Database;
import dev.inquiries.persistence.LoginTokenRepository;
import dev.inquiries.persistence.LoginTokenRepository.IssuedToken;
import dev.inquiries.persistence.UserRepository;
import dev.inquiries.persistence.queue.InquiryRepository;
import dev.inquiries.persistence.testing.QueueRows;
import dev.inquiries.persistence.testing.TestDatabase;
import dev.inquiries.persistence.testing.TestDatabases;
import dev.inquiries.persistence.testing.TestSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark's own floor must be exactly what the service runs, or its ratios mean nothing. */
class BenchmarkStatementsTest {

    private static final String QUERY = "department=dep-sales&count=1&offset=1&sort=%7B%22name%22%3A1%7D";

    private static TestDatabase testDatabase;
    private static Database database;
    private static IssuedToken token;

    @BeforeAll
    static void arrangeQueueAndCaller() {
        testDatabase = TestDatabases.create();
        database = testDatabase.open();
        new QueueRows(testDatabase.jdbi())
                .department("dep-sales", "Sales")
                .queued("q3", "Carl", "2024-01-02T09:00:00.000Z", "dep-sales")
                .queued("q1", "Ada", "2024-01-01T10:00:00.000Z", "dep-sales")
                .queued("q4", "Bea", "2024-01-03T00:00:00.000Z", null)
                .queued("q2", "Bob", "2024-01-01T11:00:00.000Z", "dep-sales");
        new UserRepository(database).add("manager", null, List.of(Roles.LIVECHAT_MANAGER));
        token = new LoginTokenRepository(database, TestSettings.TOKEN_LIFETIME).create("manager");
    }

    @AfterAll
    static void dropDatabase() {
        database.close();
        testDatabase.close();
    }

    @Test
    void numbersNamedParametersButLeavesCastsAndQuotedTextAlone() {
        BenchmarkStatements.Numbered numbered = BenchmarkStatements.numbered(
                "SELECT ':not', \"a:b\", 'it''s :no', x::text, :one, :two_2 FROM t WHERE y = :one");

        assertThat(numbered.sql())
                .isEqualTo("SELECT ':not', \"a:b\", 'it''s :no', x::text, $1, $2 FROM t WHERE y = $1");
        assertThat(numbered.names()).containsExactly("one", "two_2");
    }

    @Test
    void decodesTheQueryStringAsTheServerDoes() {
        assertThat(BenchmarkStatements.parameters(QUERY)).containsExactly(
                Map.entry("department", List.of("dep-sales")),
                Map.entry("count", List.of("1")),
                Map.entry("offset", List.of("1")),
                Map.entry("sort", List.of("{\"name\":1}")));
    }

    @Test
    void ownStatementsListWhatTheRepositoryListsAndAuthenticateTheCaller() {
        List<Rendered> own = ownStatements();
        InquiryPage expected = new InquiryRepository(database, new LoginTokenRepository(database, TestSettings.TOKEN_LIFETIME))
                .list(InquiryListRequest.parse(BenchmarkStatements.parameters(QUERY), TestSettings.PAGING));

        List<String> permitted = execute(own.getFirst(), "permitted");
        List<String> listed = execute(own.getFirst(), "id");
        List<String> totals = execute(own.getFirst(), "total");

        assertThat(own).hasSize(1);
        assertThat(permitted).containsOnly("t");
        assertThat(listed).containsExactlyElementsOf(expected.inquiries().stream().map(Inquiry::id).toList());
        assertThat(listed).containsExactly("q2");
        assertThat(totals).containsOnly("3");
    }

    @Test
    void writesTheServicesStatementsVerbatimAsAPgbenchScriptWithItsVariables(@TempDir Path out) throws IOException {
        List<Rendered> own = ownStatements();

        BenchmarkStatements.writeOwnFloor(out, new Workload("W9", QUERY, Path.of("unused.sql"), false), own);

        String script = Files.readString(out.resolve("W9.own.pgbench"));
        assertThat(script).contains(own.getFirst().sql().strip() + ";\n");
        assertThat(script.lines().filter(line -> !line.startsWith("--"))
                .filter(line -> line.endsWith(";"))).hasSize(1);
        assertThat(Files.readAllLines(out.resolve("W9.own.defines"))).containsExactly(
                "permission=view-livechat-manager",
                "hashedToken=" + TokenHasher.hash(token.authToken()),
                "userId=" + token.userId(),
                "lifetimeSeconds=7776000.0",
                "offset=1",
                "limit=1",
                "department=dep-sales");
    }

    @Test
    void readsTheStatementsOfANaivePgbenchScript() {
        List<Rendered> naive = BenchmarkStatements.naiveStatements("""
                -- a comment
                \\set unused 1
                SELECT id FROM inquiries
                 WHERE status = 'queued' AND department_id = :department_id
                 LIMIT 50;
                SELECT count(*) FROM inquiries WHERE department_id = :department_id;
                """, Map.of("department_id", "dep-sales", "other", "x"));

        assertThat(naive).hasSize(2);
        assertThat(naive.get(0).sql()).startsWith("SELECT id FROM inquiries").endsWith("LIMIT 50");
        assertThat(naive.get(1).parameters()).containsExactly(Map.entry("department_id", "dep-sales"));
    }

    @Test
    void failsOnlyWhenAStatementOfTheServiceScansInquiriesSequentially(@TempDir Path out) {
        List<Rendered> own = ownStatements();
        Rendered unindexed = new Rendered("SELECT id FROM inquiries WHERE name = :name", Map.of("name", "Ada"));
        ByteArrayOutputStream report = new ByteArrayOutputStream();

        List<String> failures = testDatabase.jdbi().withHandle(handle -> BenchmarkStatements.checkPlans(handle,
                List.of(new LabelledStatement("W9 own", own.getFirst(), true),
                        new LabelledStatement("W9 naive/1", unindexed, false),
                        new LabelledStatement("W9 own/bad", unindexed, true)),
                true, out.resolve("plans.txt"), new PrintStream(report, true, StandardCharsets.UTF_8)));

        assertThat(failures).containsExactly("W9 own/bad (custom plan)", "W9 own/bad (generic plan)");
        assertThat(report.toString(StandardCharsets.UTF_8))
                .contains("W9 naive/1", "(note: the naive SQL scans inquiries)")
                .contains("Seq Scan on inquiries");
    }

    @Test
    void recognisesSequentialScansOfInquiriesOnly() {
        assertThat(BenchmarkStatements.seqScansInquiries("  ->  Seq Scan on inquiries  (cost=0.00..1.00)")).isTrue();
        assertThat(BenchmarkStatements.seqScansInquiries("  ->  Parallel Seq Scan on inquiries i")).isTrue();
        assertThat(BenchmarkStatements.seqScansInquiries("  ->  Seq Scan on inquiries_archive")).isFalse();
        assertThat(BenchmarkStatements.seqScansInquiries("Index Scan using inquiries_pkey on inquiries")).isFalse();
    }

    private static List<Rendered> ownStatements() {
        return testDatabase.jdbi().withHandle(handle ->
                BenchmarkStatements.ownStatements(handle, new Workload("W9", QUERY, Path.of("unused.sql"), false),
                        new Credentials(token.userId(), token.authToken())));
    }

    /** Runs a statement the way the plan check prepares it, and returns one column of its rows. */
    private static List<String> execute(Rendered statement, String column) {
        Positional positional = BenchmarkStatements.positional(statement);
        return testDatabase.jdbi().withHandle(handle -> {
            handle.execute("PREPARE checked AS " + positional.sql());
            try {
                return handle.createQuery("EXECUTE checked" + positional.arguments())
                        .map((row, context) -> row.getString(column))
                        .list();
            } finally {
                handle.execute("DEALLOCATE checked");
            }
        });
    }
}
