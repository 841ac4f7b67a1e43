package dev.inquiries.web;

import java.time.Duration;

import dev.inquiries.persistence.Database;
import dev.inquiries.persistence.DatabaseSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A database that accepts connections and never answers (the pool would wait three seconds for one): every
 * probe still gets its answer in bounded time.
 */
class ReadinessWithHangingDatabaseTest {

    private static final SilentTcpServer SILENT = new SilentTcpServer();

    @RegisterExtension
    static final ApiServerExtension API = ApiServerExtension.on(() -> Database.connect(new DatabaseSettings(
            "jdbc:postgresql://127.0.0.1:" + SILENT.port() + "/inquiries", "nobody", "nothing", 2, Duration.ofSeconds(3),
            Duration.ofSeconds(5)))).closing(SILENT::close);

    private final RawHttp http = API.http();

    @Test
    void isNotReadyAndSaysSoInBoundedTimeAgainAndAgain() throws Exception {
        for (int probe = 0; probe < 3; probe++) {
            ReadinessProbe.assertNotReadyInBoundedTime(http);
        }
    }
}
