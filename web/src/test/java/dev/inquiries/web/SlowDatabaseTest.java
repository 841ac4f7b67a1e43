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
import dev.inquiries.persistence.testing.TestDatabases;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Slow SQL and an exhausted pool. A test connection holds an exclusive lock on {@code inquiries}, so the
 * list's statement waits: the statement timeout cancels it (503), waiting for a connection is bounded by
 * the pool timeout (503), and afterwards the same small pool serves again.
 */
@ServerTest
class SlowDatabaseTest {

    private static final int POOL_SIZE = 2;
    private static final Duration POOL_TIMEOUT = Duration.ofMillis(500);
    private static final Duration STATEMENT_TIMEOUT = Duration.ofSeconds(1);
    private static final String UNAVAILABLE = "{\"success\":false,\"error\":\"The database is unavailable; try again shortly\"}";

    private static ApiFixture fixture;
    private static Database smallPool;
    private static List<String> admin;

    private final RawHttp http;

    SlowDatabaseTest(WebServer server) {
        this.http = new RawHttp(server.port());
    }

    @SetUpServer
    static void setUp(WebServerConfig.Builder server) {
        fixture = new ApiFixture();
        admin = fixture.loginWithRoles("root", Roles.ADMIN);
        fixture.inquiry("q1", "Ada", Instant.parse("2024-01-01T00:00:00Z"), "queued", null);
        smallPool = Database.connect(new DatabaseSettings(fixture.urlThrough(hostOnly(), portOnly()), null, null,
                POOL_SIZE, POOL_TIMEOUT, STATEMENT_TIMEOUT).inSchema(TestDatabases.schema()));
        InquiriesServer.configure(server, smallPool, Settings.defaults().paging(), Settings.defaults().tokenLifetime());
    }

    @AfterAll
    static void tearDown() {
        smallPool.close();
        fixture.close();
    }

    @Test
    void cancelsARunawayStatementAndReturnsItsConnectionHealthy() throws Exception {
        try (Connection locker = lockInquiries()) {
            long started = System.nanoTime();
            RawHttp.Response response = http.get(ApiFixture.LIST, admin);
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertThat(response.status()).isEqualTo(503);
            assertThat(response.body()).isEqualTo(UNAVAILABLE);
            assertThat(took).isGreaterThanOrEqualTo(STATEMENT_TIMEOUT).isLessThan(STATEMENT_TIMEOUT.plusSeconds(2));
        }

        for (int i = 0; i < POOL_SIZE * 3; i++) {
            assertThat(http.get(ApiFixture.LIST, admin).status()).isEqualTo(200);
        }
        assertThat(stuckServiceBackends()).isZero();
    }

    @Test
    void boundsTheWaitForAConnectionWhenAllAreBusy() throws Exception {
        List<Future<RawHttp.Response>> responses;
        Duration took;
        try (Connection locker = lockInquiries(); ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            long started = System.nanoTime();
            responses = IntStream.range(0, 20)
                    .mapToObj(i -> clients.submit(() -> http.get(ApiFixture.LIST, admin)))
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
        assertThat(http.get(ApiFixture.LIST, admin).status()).isEqualTo(200);
        assertThat(stuckServiceBackends()).isZero();
    }

    /** A connection of the test's own that holds an exclusive lock on inquiries until it is closed. */
    private static Connection lockInquiries() throws Exception {
        Connection connection = DriverManager.getConnection(fixture.urlThrough(hostOnly(), portOnly()));
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            statement.execute("LOCK TABLE inquiries IN ACCESS EXCLUSIVE MODE");
        }
        return connection;
    }

    /** Sessions of the service still running a statement or left inside a transaction. */
    private static long stuckServiceBackends() {
        return fixture.count("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'inquiries' "
                + "AND datname = current_database() AND state <> 'idle'");
    }

    private static String hostOnly() {
        return fixture.hostAndPort().split(":")[0];
    }

    private static int portOnly() {
        String[] parts = fixture.hostAndPort().split(":");
        return parts.length > 1 ? Integer.parseInt(parts[1]) : 5432;
    }
}
