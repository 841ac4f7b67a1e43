package dev.inquiries.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import dev.inquiries.persistence.Database;
import dev.inquiries.persistence.DatabaseSettings;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** A database that refuses connections: not ready, said in bounded time; still live. */
@ServerTest
class ReadinessWithoutDatabaseTest {

    private static Database database;

    private final RawHttp http;

    ReadinessWithoutDatabaseTest(WebServer server) {
        this.http = new RawHttp(server.port());
    }

    @SetUpServer
    static void setUp(WebServerConfig.Builder server) {
        // Nothing listens on port 1; the pool would wait three seconds for a connection.
        database = Database.connect(new DatabaseSettings("jdbc:postgresql://127.0.0.1:1/inquiries", "nobody",
                "nothing", 2, Duration.ofSeconds(3), Duration.ofSeconds(1)));
        InquiriesServer.configure(server, database, Settings.defaults().paging(), Settings.defaults().tokenLifetime());
    }

    @AfterAll
    static void tearDown() {
        database.close();
    }

    @Test
    void isNotReadyAndSaysSoInBoundedTime() throws Exception {
        ReadinessProbe.assertNotReadyInBoundedTime(http);
    }

    @Test
    void isStillLive() {
        assertThat(http.get("/observe/health/live", List.of()).status()).isEqualTo(200);
    }
}
