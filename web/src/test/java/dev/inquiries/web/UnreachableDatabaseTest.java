package dev.inquiries.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.logging.Level;

import dev.inquiries.persistence.Database;
import dev.inquiries.persistence.DatabaseSettings;
import dev.inquiries.persistence.queue.ChangeFollower;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** An unreachable database answers 503 in bounded time, logged once as a warning with the request id. */
class UnreachableDatabaseTest {

    // Nothing listens on port 1; the pool waits one second for a connection.
    @RegisterExtension
    static final ApiServerExtension API = ApiServerExtension.on(() -> Database.connect(new DatabaseSettings(
            "jdbc:postgresql://127.0.0.1:1/inquiries", "nobody", "nothing", 2, Duration.ofSeconds(1), Duration.ofSeconds(1))));

    private final RawHttp http = API.http();

    @Test
    void answers503InBoundedTimeAndLogsItOnceWithTheRequestId() {
        long started = System.nanoTime();
        RawHttp.Response response;
        List<String> logged;
        try (LogCapture logs = new LogCapture()) {
            response = http.get(ApiServerExtension.LIST, List.of("X-User-Id: u", "X-Auth-Token: t"));
            // The live queue's own session fails to connect too, on its own thread and in its own words: not the request's.
            logged = logs.atLeast(Level.WARNING).stream()
                    .filter(line -> !line.contains(ChangeFollower.class.getName()))
                    .toList();
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
