package dev.inquiries.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.logging.Level;

import dev.inquiries.persistence.Database;
import dev.inquiries.persistence.DatabaseSettings;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** An unreachable database answers 503 in bounded time, logged once as a warning with the request id. */
@ServerTest
class UnreachableDatabaseTest {

    private static Database unreachable;

    private final RawHttp http;

    UnreachableDatabaseTest(WebServer server) {
        this.http = new RawHttp(server.port());
    }

    @SetUpServer
    static void setUp(WebServerConfig.Builder server) {
        // Nothing listens on port 1; the pool waits one second for a connection.
        unreachable = Database.connect(new DatabaseSettings("jdbc:postgresql://127.0.0.1:1/inquiries", "nobody",
                "nothing", 2, Duration.ofSeconds(1), Duration.ofSeconds(1)));
        InquiriesServer.configure(server, unreachable, Settings.defaults().paging(), Settings.defaults().tokenLifetime());
    }

    @AfterAll
    static void tearDown() {
        unreachable.close();
    }

    @Test
    void answers503InBoundedTimeAndLogsItOnceWithTheRequestId() {
        long started = System.nanoTime();
        RawHttp.Response response;
        List<String> logged;
        try (LogCapture logs = new LogCapture()) {
            response = http.get(ApiFixture.LIST, List.of("X-User-Id: u", "X-Auth-Token: t"));
            logged = logs.atLeast(Level.WARNING);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(logged).hasSize(1);
        assertThat(logged.getFirst()).startsWith("WARNING ").contains(response.header("X-Request-Id"), "503");

        assertThat(response.status()).isEqualTo(503);
        assertThat(response.header("Content-Type")).isEqualTo("application/json");
        assertThat(response.body()).isEqualTo(
                "{\"success\":false,\"error\":\"The database is unavailable; try again shortly\"}");
        assertThat(took).isLessThan(Duration.ofSeconds(5));
    }
}
