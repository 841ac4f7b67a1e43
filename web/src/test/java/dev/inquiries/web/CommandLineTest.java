package dev.inquiries.web;

import dev.inquiries.web.cli.InquiriesCommand;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.inquiries.domain.Permission;
import dev.inquiries.domain.Principal;
import dev.inquiries.domain.TokenHasher;
import dev.inquiries.persistence.Database;
import dev.inquiries.persistence.LoginTokenRepository;
import dev.inquiries.persistence.testing.TestDatabase;
import dev.inquiries.persistence.testing.TestDatabases;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** The command line as scripts use it: one line of JSON out, one line of error, and exit codes. */
class CommandLineTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static TestDatabase testDatabase;

    @BeforeAll
    static void createDatabase() {
        testDatabase = TestDatabases.create();
    }

    @AfterAll
    static void dropDatabase() {
        testDatabase.close();
    }

    record Run(int exitCode, String out, String err) {
    }

    @Test
    void addsAUserAndPrintsItAsOneLineOfJson() throws Exception {
        Run run = run("users", "add", "--username", "maria", "--password", "s3cret pass", "--roles",
                "livechat-manager,user");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out().lines()).hasSize(1);
        JsonNode user = JSON.readTree(run.out());
        assertThat(user.get("_id").asText()).matches("[" + dev.inquiries.domain.RandomIds.ALPHABET + "]{17}");
        assertThat(user.get("username").asText()).isEqualTo("maria");
        assertThat(user.get("roles").toString()).isEqualTo("[\"livechat-manager\",\"user\"]");
        assertThat(user.get("active").asBoolean()).isTrue();
        String storedHash = testDatabase.jdbi().withHandle(handle -> handle.createQuery(
                "SELECT password_hash FROM users WHERE username = 'maria'").mapTo(String.class).one());
        assertThat(storedHash).startsWith("$2a$10$").doesNotContain("s3cret");
    }

    @Test
    void neverLogsAPassword() {
        try (LogCapture logs = new LogCapture()) {
            Run run = run("users", "add", "--username", "quiet", "--password", "never-in-a-log-9731", "--roles", "user");

            assertThat(run.exitCode()).isZero();
            assertThat(run.out() + run.err()).doesNotContain("never-in-a-log-9731");
            assertThat(logs.all()).noneMatch(line -> line.contains("never-in-a-log-9731"));
        }
    }

    @Test
    void deactivatesAUserAndRemovesItsTokens() throws Exception {
        run("users", "add", "--username", "leaving", "--roles", "livechat-manager");
        JsonNode token = JSON.readTree(run("tokens", "create", "--username", "leaving").out());

        Run run = run("users", "deactivate", "--username", "leaving");

        assertThat(run.exitCode()).isZero();
        assertThat(JSON.readTree(run.out()).get("active").asBoolean()).isFalse();
        try (Database database = testDatabase.open()) {
            assertThat(new LoginTokenRepository(database, Settings.defaults().tokenLifetime())
                    .authenticate(token.get("userId").asText(), token.get("authToken").asText())).isEmpty();
        }
        assertThat(run("users", "deactivate", "--username", "nobody-at-all").err())
                .isEqualTo("inquiries: There is no user \"nobody-at-all\"\n");
    }

    @Test
    void refusesATakenUsernameInOneLine() {
        run("users", "add", "--username", "twice", "--roles", "user");

        Run again = run("users", "add", "--username", "twice", "--roles", "user");

        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err()).isEqualTo("inquiries: The username \"twice\" is taken\n");
        assertThat(again.out()).isEmpty();
    }

    @Test
    void refusesAnUnknownRoleInOneLine() {
        Run run = run("users", "add", "--username", "ghostly", "--roles", "user,wizard");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("inquiries: Unknown role(s): wizard\n");
        long users = testDatabase.jdbi().withHandle(handle -> handle.createQuery(
                "SELECT count(*) FROM users WHERE username = 'ghostly'").mapTo(Long.class).one());
        assertThat(users).isZero();
    }

    @Test
    void createsATokenThatAuthenticatesAndIsStoredOnlyAsAHash() throws Exception {
        run("users", "add", "--username", "tokenholder", "--roles", "livechat-monitor");

        Run run = run("tokens", "create", "--username", "tokenholder");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out().lines()).hasSize(1);
        JsonNode token = JSON.readTree(run.out());
        assertThat(fieldNames(token)).isEqualTo("userId,authToken");
        String authToken = token.get("authToken").asText();
        String stored = testDatabase.jdbi().withHandle(handle -> handle.createQuery(
                        "SELECT string_agg(hashed_token, ',') FROM login_tokens WHERE user_id = :id")
                .bind("id", token.get("userId").asText()).mapTo(String.class).one());
        assertThat(stored).isEqualTo(TokenHasher.hash(authToken)).doesNotContain(authToken);
        try (Database database = testDatabase.open()) {
            Principal principal = new LoginTokenRepository(database, Settings.defaults().tokenLifetime())
                    .authenticate(token.get("userId").asText(), authToken).orElseThrow();
            assertThat(principal.username()).isEqualTo("tokenholder");
            assertThat(principal.has(Permission.VIEW_LIVECHAT_MANAGER)).isTrue();
        }
    }

    @Test
    void refusesATokenForAnUnknownUserInOneLine() {
        Run run = run("tokens", "create", "--username", "nobody-here");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("inquiries: There is no user \"nobody-here\"\n");
    }

    @Test
    void migratesAndSaysSo() {
        Run run = run("migrate");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo("The database schema is up to date.\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "frobnicate", "users", "users add", "users add --username", "tokens",
            "tokens create", "serve --nonsense", "migrate extra"})
    void answersABadInvocationWithOneLineAndExitCode2(String arguments) {
        Run run = run(arguments.isEmpty() ? new String[0] : arguments.split(" "));

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().lines()).hasSize(1);
        assertThat(run.err()).contains("--help");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--help                  | Usage: inquiries [  | serve,migrate,demo,users,tokens,--help,--version",
        "serve --help            | Usage: inquiries serve [  | --demo,--help,--version",
        "migrate --help          | Usage: inquiries migrate [  | --help,--version",
        "demo --help             | Usage: inquiries demo [  | --inquiries=N,--departments=D,--queued=Q",
        "users --help            | Usage: inquiries users [  | add,deactivate",
        "users add --help        | Usage: inquiries users add [  | --username,--password,--roles",
        "users deactivate --help | Usage: inquiries users deactivate [  | --username",
        "tokens --help           | Usage: inquiries tokens [  | create",
        "tokens create --help    | Usage: inquiries tokens create [  | --username"})
    void helpsWithEveryCommandByItsOwnUsage(String arguments, String usage, String names) {
        Run run = run(arguments.split(" "));

        assertThat(run.exitCode()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(run.out()).startsWith(usage).contains(names.split(","));
    }

    @Test
    void printsItsVersion() {
        Run run = run("--version");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).matches("inquiries \\S.*\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"migrate", "serve", "users add --username x", "tokens create --username x"})
    void reportsAnUnreachableDatabaseInOneLine(String arguments) {
        Run run = run(Map.of("db.url", "jdbc:postgresql://127.0.0.1:1/inquiries", "db.pool.timeout", "PT1S"),
                arguments.split(" "));

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().lines()).hasSize(1);
        assertThat(run.err()).startsWith("inquiries: ").contains("Connection to 127.0.0.1:1 refused");
    }

    @Test
    void refusesASchemaNameThatWouldNeedQuotingInOneLine() {
        Run run = run(Map.of("db.url", testDatabase.serviceUrl(), "db.schema", "Support-Queue"), "migrate");

        assertThat(run.exitCode()).isEqualTo(InquiriesCommand.USAGE);
        assertThat(run.err()).isEqualTo("inquiries: db.schema (DB_SCHEMA) must be a lower-case PostgreSQL identifier "
                + "(letters, digits, underscores; not starting with pg_), not \"Support-Queue\"\n");
    }

    private static Run run(String... arguments) {
        return run(Map.of("db.url", testDatabase.serviceUrl(), "db.schema", testDatabase.schema()), arguments);
    }

    private static Run run(Map<String, String> configuration, String... arguments) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = InquiriesCommand.commandLine(
                () -> Settings.from(Config.just(ConfigSources.create(configuration))));
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        int exitCode = commandLine.execute(arguments);
        return new Run(exitCode, out.toString(), err.toString());
    }

    private static String fieldNames(JsonNode node) {
        StringBuilder names = new StringBuilder();
        node.fieldNames().forEachRemaining(name -> names.append(names.isEmpty() ? "" : ",").append(name));
        return names.toString();
    }
}
