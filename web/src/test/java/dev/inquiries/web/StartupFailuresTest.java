package dev.inquiries.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.net.ServerSocket;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.UUID;

import dev.inquiries.web.cli.InquiriesCommand;
import dev.inquiries.persistence.testing.TestDatabase;
import dev.inquiries.persistence.testing.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What the commands say when they cannot start: each one line that names what to fix, and exit 1. */
class StartupFailuresTest {

    private static final String ROLE = "inquiries_login_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

    private static TestDatabase testDatabase;

    @BeforeAll
    static void createDatabaseAndRole() {
        testDatabase = TestDatabases.create();
        testDatabase.jdbi().useHandle(handle -> handle.execute(
                "CREATE ROLE " + ROLE + " LOGIN PASSWORD 'the-right-one'"));
    }

    @AfterAll
    static void dropDatabaseAndRole() {
        testDatabase.close();
        TestDatabases.dropRole(ROLE);
    }

    @Test
    void refusesToServeOnAPortInUseNamingItAndStopsThePool() throws Exception {
        try (ServerSocket occupied = new ServerSocket(0)) {
            int port = occupied.getLocalPort();

            CommandRun run = CommandRun.of(Map.of("db.url", testDatabase.serviceUrl(), "db.schema", testDatabase.schema(),
                    "server.port", String.valueOf(port)), "serve", "--demo");

            assertThat(run.exitCode()).isEqualTo(InquiriesCommand.FAILED);
            assertThat(run.err()).isEqualTo("inquiries: port " + port + " is in use (SERVER_PORT); stop what uses it or "
                    + "set SERVER_PORT to a free port\n");
            assertThat(run.out()).doesNotContain("curl").isEmpty();
        }
        long poolConnections = testDatabase.jdbi().withHandle(handle -> handle.createQuery("""
                SELECT count(*) FROM pg_stat_activity
                 WHERE datname = current_database() AND application_name = 'inquiries'""").mapTo(Long.class).one());
        assertThat(poolConnections).isZero();
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void saysWhichUserTheDatabaseRefusedAndWhere(boolean userInTheUrl) {
        String wrongPassword = "not-the-right-one";
        String url = testDatabase.urlAs(ROLE, wrongPassword);
        assumeThat(acceptsAnyPassword(url)).as("the test server checks passwords (the embedded one trusts everyone)")
                .isFalse();
        Map<String, String> configuration = userInTheUrl
                ? Map.of("db.url", url)
                : Map.of("db.url", url.replaceAll("[?&](user|password)=[^&]*", ""),
                        "db.username", ROLE, "db.password", wrongPassword);

        CommandRun run = CommandRun.of(configuration, "migrate");

        assertThat(run.exitCode()).isEqualTo(InquiriesCommand.FAILED);
        assertThat(run.err().lines()).hasSize(1);
        assertThat(run.err()).startsWith("inquiries: PostgreSQL at " + testDatabase.hostAndPort() + "/" + testDatabase.name()
                        + " refused user \"" + ROLE + "\" (28P01): ")
                .contains("password authentication failed")
                .doesNotContain(wrongPassword, "null", "Exception");
    }

    @Test
    void namesAnUnknownHost() {
        CommandRun run = CommandRun.of(Map.of("db.url", "jdbc:postgresql://no-such-host.invalid:5432/support?user=x&password=y",
                "db.pool.timeout", "PT1S"), "users", "add", "--username", "x");

        assertThat(run.exitCode()).isEqualTo(InquiriesCommand.FAILED);
        assertThat(run.err()).isEqualTo("inquiries: The database host no-such-host.invalid is unknown: no address for it "
                + "(jdbc:postgresql://no-such-host.invalid:5432/support?...)\n");
    }

    private static boolean acceptsAnyPassword(String url) {
        try {
            DriverManager.getConnection(url).close();
            return true;
        } catch (SQLException refused) {
            return false;
        }
    }
}
