package dev.inquiries.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import dev.inquiries.domain.Roles;
import dev.inquiries.persistence.Database;
import dev.inquiries.persistence.DatabaseSettings;
import dev.inquiries.persistence.testing.TestDatabase;
import dev.inquiries.persistence.testing.TestDatabases;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Slow SQL and an exhausted pool. A test connection holds an exclusive lock on {@code inquiries}, so the
 * list's statement waits: the statement timeout cancels it (503), waiting for a connection is bounded by
 * the pool timeout (503), and afterwards the same small pool serves again.
 */
class SlowDatabaseTest {

    private static final int POOL_SIZE = 2;
    private static final Duration POOL_TIMEOUT = Duration.ofMillis(500);
    private static final Duration STATEMENT_TIMEOUT = Duration.ofSeconds(1);
    private static final String UNAVAILABLE = "{\"success\":false,\"error\":\"The database is unavailable; try again shortly\"}";

    @RegisterExtension
    static final ApiServerExtension API = ApiServerExtension.onTestDatabase(testDatabase -> Database.connect(
            new DatabaseSettings(sameServer(testDatabase), null, null, POOL_SIZE, POOL_TIMEOUT, STATEMENT_TIMEOUT)
                    .inSchema(TestDatabases.schema())));

    private static List<String> admin;

    private final RawHttp http = API.http();

    @BeforeAll
    static void arrange() {
        admin = API.loginWithRoles("root", Roles.ADMIN);
        API.inquiry("q1", "Ada", Instant.parse("2024-01-01T00:00:00Z"), "queued", null);
    }

    @Test
    @SuppressWarnings("try") // the connection only holds the lock, until it closes
    void cancelsARunawayStatementAndReturnsItsConnectionHealthy() throws Exception {
        try (Connection locker = lockInquiries()) {
            long started = System.nanoTime();
            RawHttp.Response response = http.get(ApiServerExtension.LIST, admin);
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertThat(response.status()).isEqualTo(503);
            assertThat(response.body()).isEqualTo(UNAVAILABLE);
            assertThat(took).isGreaterThanOrEqualTo(STATEMENT_TIMEOUT).isLessThan(STATEMENT_TIMEOUT.plusSeconds(2));
        }

        for (int i = 0; i < POOL_SIZE * 3; i++) {
            assertThat(http.get(ApiServerExtension.LIST, admin).status()).isEqualTo(200);
        }
        assertThat(stuckServiceBackends()).isZero();
    }

    @Test
    @SuppressWarnings("try") // the connection only holds the lock, until it closes
    void boundsTheWaitForAConnectionWhenAllAreBusy() throws Exception {
        List<Future<RawHttp.Response>> responses;
        Duration took;
        try (Connection locker = lockInquiries(); ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            long started = System.nanoTime();
            responses = IntStream.range(0, 20)
                    .mapToObj(i -> clients.submit(() -> http.get(ApiServerExtension.LIST, admin)))
                    .toList();
            for (Future<RawHttp.Response> response : responses) {
                response.get();
            }
            took = Duration.ofNanos(System.nanoTime() - started);
        }

        for (Future<RawHttp.Response> response : responses) {
            assertThat(response.get().status()).isEqualTo(503);
            assertThat(response.get().body()).isEqualTo(UNAVAILABLE);
        }
        // Twenty requests, two connections: none waited longer than a statement plus a pool timeout.
        assertThat(took).isLessThan(STATEMENT_TIMEOUT.plus(POOL_TIMEOUT).plusSeconds(2));
        assertThat(http.get(ApiServerExtension.LIST, admin).status()).isEqualTo(200);
        assertThat(stuckServiceBackends()).isZero();
    }

    /** A connection of the test's own that holds an exclusive lock on the queue's tables until it is closed. */
    private static Connection lockInquiries() throws Exception {
        Connection connection = DriverManager.getConnection(sameServer(API.testDatabase()));
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            // queue_counts too: an unchanged list is answered from its kept page after reading only the counts
            statement.execute("LOCK TABLE inquiries, queue_counts IN ACCESS EXCLUSIVE MODE");
        }
        return connection;
    }

    /** Sessions of the service still running a statement or left inside a transaction. */
    private static long stuckServiceBackends() {
        return API.count("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'inquiries' "
                + "AND datname = current_database() AND state <> 'idle'");
    }

    /** The test database's URL with its server's host and port spelled out. */
    private static String sameServer(TestDatabase testDatabase) {
        String[] parts = testDatabase.hostAndPort().split(":");
        return testDatabase.urlThrough(parts[0], parts.length > 1 ? Integer.parseInt(parts[1]) : 5432);
    }
}
