package dev.inquiries.web;

import java.time.Duration;

import dev.inquiries.persistence.Database;
import dev.inquiries.persistence.DatabaseSettings;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * A database that accepts connections and never answers (the pool would wait three seconds for one): every
 * probe still gets its answer in bounded time.
 */
@ServerTest
class ReadinessWithHangingDatabaseTest {

    private static SilentTcpServer silent;
    private static Database database;

    private final RawHttp http;

    ReadinessWithHangingDatabaseTest(WebServer server) {
        this.http = new RawHttp(server.port());
    }

    @SetUpServer
    static void setUp(WebServerConfig.Builder server) {
        silent = new SilentTcpServer();
        database = Database.connect(new DatabaseSettings("jdbc:postgresql://127.0.0.1:" + silent.port() + "/inquiries",
                "nobody", "nothing", 2, Duration.ofSeconds(3), Duration.ofSeconds(5)));
        InquiriesServer.configure(server, database, Settings.defaults().paging(), Settings.defaults().tokenLifetime());
    }

    @AfterAll
    static void tearDown() {
        database.close();
        silent.close();
    }

    @Test
    void isNotReadyAndSaysSoInBoundedTimeAgainAndAgain() throws Exception {
        for (int probe = 0; probe < 3; probe++) {
            ReadinessProbe.assertNotReadyInBoundedTime(http);
        }
    }
}
