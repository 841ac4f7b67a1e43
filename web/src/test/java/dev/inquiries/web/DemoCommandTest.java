package dev.inquiries.web;

import dev.inquiries.web.cli.InquiriesCommand;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.inquiries.domain.Permission;
import dev.inquiries.domain.Principal;
import dev.inquiries.persistence.Database;
import dev.inquiries.persistence.LoginTokenRepository;
import dev.inquiries.persistence.testing.TestDatabase;
import dev.inquiries.persistence.testing.TestDatabases;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class DemoCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private TestDatabase testDatabase;
    private Settings settings;

    @BeforeEach
    void createDatabase() {
        testDatabase = TestDatabases.create();
        settings = Settings.from(Config.just(ConfigSources.create(
                Map.of("db.url", testDatabase.url(), "db.schema", testDatabase.schema()))));
    }

    @AfterEach
    void dropDatabase() {
        testDatabase.close();
    }

    @Test
    void loadsAnEmptyQueueAndPrintsWhatItHoldsAndATokenThatListsTheQueue() throws Exception {
        Run run = demo("--inquiries", "500", "--departments", "5");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).hasSize(2);
        JsonNode summary = JSON.readTree(run.out().get(0));
        assertThat(summary.get("loaded").asBoolean()).isTrue();
        assertThat(summary.get("departments").asLong()).isEqualTo(5);
        assertThat(summary.get("inquiries").asLong()).isEqualTo(500);
        assertThat(summary.get("queued").asLong()).isEqualTo(50);
        assertThat(summary.get("millis").asLong()).isNotNegative();
        assertThat(callerOf(run.out().get(1)).has(Permission.VIEW_LIVECHAT_MANAGER)).isTrue();
    }

    @Test
    void leavesAQueueThatHoldsDataAloneAndStillIssuesAFreshToken() throws Exception {
        Run first = demo("--inquiries", "100", "--departments", "2", "--queued", "30");
        Run second = demo("--inquiries", "900", "--departments", "9");

        assertThat(second.exitCode()).isZero();
        JsonNode summary = JSON.readTree(second.out().get(0));
        assertThat(summary.get("loaded").asBoolean()).isFalse();
        assertThat(summary.get("inquiries").asLong()).isEqualTo(100);
        assertThat(summary.get("queued").asLong()).isEqualTo(30);
        JsonNode firstToken = JSON.readTree(first.out().get(1));
        JsonNode secondToken = JSON.readTree(second.out().get(1));
        assertThat(secondToken.get("userId")).isEqualTo(firstToken.get("userId"));
        assertThat(secondToken.get("authToken")).isNotEqualTo(firstToken.get("authToken"));
        assertThat(callerOf(second.out().get(1)).username()).isEqualTo("admin");
    }

    @Test
    void refusesMoreQueuedThanInquiriesInOneLineWithoutTouchingTheDatabase() {
        Run run = demo("--inquiries", "10", "--departments", "2", "--queued", "11");

        assertThat(run.exitCode()).isEqualTo(InquiriesCommand.USAGE);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).hasSize(1);
        assertThat(run.err().getFirst()).startsWith("demo: Invalid demo size");
        long departments = testDatabase.jdbi().withHandle(handle -> handle.createQuery(
                "SELECT count(*) FROM departments").mapTo(Long.class).one());
        assertThat(departments).isZero();
    }

    private Principal callerOf(String tokenLine) throws Exception {
        JsonNode token = JSON.readTree(tokenLine);
        try (Database database = testDatabase.open()) {
            return new LoginTokenRepository(database, Settings.defaults().tokenLifetime())
                    .authenticate(token.get("userId").asText(), token.get("authToken").asText())
                    .orElseThrow();
        }
    }

    private Run demo(String... options) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = InquiriesCommand.commandLine(() -> settings)
                .setOut(new PrintWriter(out))
                .setErr(new PrintWriter(err));
        String[] args = new String[options.length + 1];
        args[0] = "demo";
        System.arraycopy(options, 0, args, 1, options.length);
        int exitCode = commandLine.execute(args);
        return new Run(exitCode, out.toString().lines().toList(), err.toString().lines().toList());
    }

    private record Run(int exitCode, List<String> out, List<String> err) {
    }
}
