package dev.inquiries.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import dev.inquiries.persistence.Database;
import dev.inquiries.persistence.DatabaseSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A database that refuses connections: not ready, said in bounded time; still live. */
class ReadinessWithoutDatabaseTest {

    // Nothing listens on port 1; the pool would wait three seconds for a connection.
    @RegisterExtension
    static final ApiServerExtension API = ApiServerExtension.on(() -> Database.connect(new DatabaseSettings(
            "jdbc:postgresql://127.0.0.1:1/inquiries", "nobody", "nothing", 2, Duration.ofSeconds(3), Duration.ofSeconds(1))));

    private final RawHttp http = API.http();

    @Test
    void isNotReadyAndSaysSoInBoundedTime() throws Exception {
        ReadinessProbe.assertNotReadyInBoundedTime(http);
    }

    @Test
    void isStillLive() {
        assertThat(http.get("/observe/health/live", List.of()).status()).isEqualTo(200);
    }
}
