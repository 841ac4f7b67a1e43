package dev.inquiries.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.stream.Collectors;

import dev.inquiries.persistence.StatementShape;
import dev.inquiries.persistence.Statements;
import org.junit.jupiter.api.Test;

/**
 * {@code inquiries statements}: the names of the statements, and {@code show NAME}, each shape for psql as the
 * persistence tests run it through psql ({@code StatementsInPsqlTest}); neither needs a database.
 */
class StatementsCommandTest {

    /** A database no command may reach: these commands must not try. */
    private static final Map<String, String> NO_DATABASE = Map.of("db.url", "jdbc:postgresql://127.0.0.1:1/inquiries",
            "db.pool.timeout", "PT1S");

    @Test
    void listsTheStatementsNamesOneALineWithoutADatabase() {
        CommandRun run = CommandRun.of(NO_DATABASE, "statements");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(run.out().lines()).containsExactlyElementsOf(Statements.names())
                .contains("queue/InquiryRepository/page", "queue/QueueChangeLog/deliveries",
                        "queue/QueueHealthRepository/snapshots", "PermissionRepository/grants");
    }

    @Test
    void showsEachShapeOfAStatementForPsql() {
        CommandRun run = CommandRun.of(NO_DATABASE, "statements", "show", "queue/InquiryRepository/page");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo(Statements.named("queue/InquiryRepository/page").stream()
                .map(StatementShape::psql).collect(Collectors.joining("\n")));
        assertThat(run.out()).startsWith("-- queue/InquiryRepository/page (inquiries.list, every department, in its "
                        + "default order)\n")
                .contains("--   \\set permission 'view-livechat-manager'\n", "--   \\set permission 'view-l-room'\n",
                        "--   \\set department 'Sales'\n", "WHERE t.hashed_token = :'hashedToken'\n",
                        "ORDER BY ts DESC, id COLLATE \"C\" DESC", "ORDER BY ts ASC, id COLLATE \"C\" ASC");
        String sql = run.out().lines().filter(line -> !line.startsWith("--")).collect(Collectors.joining("\n"));
        assertThat(sql).doesNotContain("<caller>", "<rows>", "<pageOrder>", " :offset", " :limit");
        assertThat(run.out().split("\n-- queue/InquiryRepository/page \\(")).hasSize(4);
    }

    @Test
    void refusesAnUnknownNameWithOneLineAndExitCode2() {
        CommandRun run = CommandRun.of(NO_DATABASE, "statements", "show", "InquiryRepository/page");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isEqualTo("show: There is no statement \"InquiryRepository/page\"; `inquiries statements` "
                + "lists them (see --help)\n");
    }
}
