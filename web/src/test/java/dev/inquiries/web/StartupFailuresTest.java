package dev.inquiries.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.util.Map;

import dev.inquiries.web.cli.InquiriesCommand;
import dev.inquiries.persistence.testing.TestDatabase;
import dev.inquiries.persistence.testing.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What the commands say when they cannot start: each one line that names what to fix, and exit 1. */
class StartupFailuresTest {

    private static TestDatabase testDatabase;

    @BeforeAll
    static void createDatabase() {
        testDatabase = TestDatabases.create();
    }

    @AfterAll
    static void dropDatabase() {
        testDatabase.close();
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
}
