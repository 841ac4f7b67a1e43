package dev.inquiries.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import dev.inquiries.domain.Roles;
import dev.inquiries.persistence.Database;
import dev.inquiries.persistence.LoginTokenRepository;
import dev.inquiries.persistence.UserRepository;
import dev.inquiries.persistence.testing.Await;
import dev.inquiries.persistence.testing.TestDatabase;
import dev.inquiries.persistence.testing.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code serve} as its own process, stopped with SIGTERM while requests are in flight: those finish with
 * 200, new connections are refused, the pool's connections close, and the exit code is 0.
 */
class GracefulShutdownTest {

    private TestDatabase testDatabase;
    private List<String> admin;

    @BeforeEach
    void arrange() {
        testDatabase = TestDatabases.create();
        testDatabase.jdbi().useHandle(handle -> handle.execute("""
                INSERT INTO inquiries (id, rid, name, ts, status) VALUES ('q1', 'r1', 'Ada', ?, 'queued')""",
                Instant.parse("2024-01-01T00:00:00Z")));
        try (Database database = testDatabase.open()) {
            new UserRepository(database).add("root", null, List.of(Roles.ADMIN));
            admin = ApiServerExtension.headers(new LoginTokenRepository(database, Settings.defaults().tokenLifetime()).create("root"));
        }
    }

    @AfterEach
    void drop() {
        testDatabase.close();
    }

    @Test
    void finishesRequestsInFlightRefusesNewOnesClosesThePoolAndExitsZero() throws Exception {
        // The requests in flight wait on a lock the test holds; give them more than the default to finish.
        ServeProcess process = ServeProcess.start(testDatabase, Map.of("DB_STATEMENT_TIMEOUT", "PT20S"));
        Process serve = process.process();
        List<String> output = process.output();
        try (process; ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            int port = process.awaitPort();
            RawHttp http = new RawHttp(port);
            assertThat(http.get(ApiServerExtension.LIST, admin).status()).isEqualTo(200);

            List<CompletableFuture<RawHttp.Response>> inFlight;
            try (Connection locker = DriverManager.getConnection(testDatabase.url())) {
                locker.setAutoCommit(false);
                try (Statement statement = locker.createStatement()) {
                    // queue_counts too: an unchanged list is answered from its kept page after reading only the counts
                    statement.execute("LOCK TABLE inquiries, queue_counts IN ACCESS EXCLUSIVE MODE");
                }
                inFlight = List.of(
                        CompletableFuture.supplyAsync(() -> http.get(ApiServerExtension.LIST, admin), clients),
                        CompletableFuture.supplyAsync(() -> http.get(ApiServerExtension.LIST, admin), clients),
                        CompletableFuture.supplyAsync(() -> http.get(ApiServerExtension.LIST, admin), clients));
                awaitWaitingStatements(3);

                serve.destroy(); // SIGTERM
                awaitRefused(port);
            } // the lock goes: the statements in flight complete

            for (CompletableFuture<RawHttp.Response> response : inFlight) {
                assertThat(response.get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
            }
            assertThat(serve.waitFor(15, TimeUnit.SECONDS)).as(String.join("\n", output)).isTrue();
            assertThat(serve.exitValue()).as(String.join("\n", output)).isZero();
            long poolConnections = testDatabase.jdbi().withHandle(handle -> handle.createQuery("""
                    SELECT count(*) FROM pg_stat_activity
                     WHERE datname = current_database() AND application_name = 'inquiries'""")
                    .mapTo(Long.class).one());
            assertThat(poolConnections).isZero();
        }
    }

    private void awaitWaitingStatements(int count) {
        Await.until(Duration.ofSeconds(5), () -> testDatabase.jdbi().withHandle(handle -> handle.createQuery("""
                SELECT count(*) FROM pg_stat_activity
                 WHERE datname = current_database() AND application_name = 'inquiries' AND wait_event_type = 'Lock'""")
                .mapTo(Long.class).one()) >= count, () -> "the requests never reached the database: "
                + testDatabase.jdbi().withHandle(handle -> handle.createQuery(
                        "SELECT string_agg(application_name || '/' || state || '/' || "
                        + "coalesce(wait_event_type, '-') || '/' || left(query, 40), E'\\n') FROM pg_stat_activity "
                        + "WHERE datname = current_database()").mapTo(String.class).one()));
    }

    private static void awaitRefused(int port) {
        Await.until(Duration.ofSeconds(2), () -> {
            try {
                new Socket("localhost", port).close();
                return false;
            } catch (ConnectException refused) {
                return true;
            }
        }, "the server refuses connections after SIGTERM");
    }
}
