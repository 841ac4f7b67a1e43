package dev.inquiries.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import dev.inquiries.domain.Paging;
import dev.inquiries.domain.Roles;
import dev.inquiries.persistence.Database;
import dev.inquiries.persistence.DatabaseSettings;
import dev.inquiries.persistence.LoginTokenRepository;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * What clients see when the database fails: 500 for a broken schema, without SQL or driver text; 503
 * when it cannot be reached.
 */
class DatabaseFailureTest {

    @ServerTest
    static class BrokenSchema {

        private static ApiFixture fixture;
        private static List<String> admin;

        private final RawHttp http;

        BrokenSchema(WebServer server) {
            this.http = new RawHttp(server.port());
        }

        @SetUpServer
        static void setUp(WebServerConfig.Builder server) {
            fixture = new ApiFixture();
            fixture.configure(server, Paging.DEFAULTS);
            admin = fixture.loginWithRoles("root", Roles.ADMIN);
            fixture.jdbi().useHandle(handle -> handle.execute("ALTER TABLE inquiries RENAME TO inquiries_moved_away"));
        }

        @AfterAll
        static void tearDown() {
            fixture.close();
        }

        @Test
        void answers500WithoutSqlOrDriverText() {
            RawHttp.Response response = http.get(ApiFixture.LIST, admin);

            assertThat(response.status()).isEqualTo(500);
            assertThat(response.header("Content-Type")).isEqualTo("application/json");
            assertThat(response.body()).isEqualTo("{\"success\":false,\"error\":\"Internal server error\"}");
            assertThat(response.header("X-Request-Id")).isNotBlank();
        }
    }

    @ServerTest
    static class Unreachable {

        private static Database unreachable;

        private final RawHttp http;

        Unreachable(WebServer server) {
            this.http = new RawHttp(server.port());
        }

        @SetUpServer
        static void setUp(WebServerConfig.Builder server) {
            // Nothing listens on port 1; the pool waits one second for a connection.
            unreachable = Database.connect(new DatabaseSettings("jdbc:postgresql://127.0.0.1:1/inquiries", "nobody",
                    "nothing", 2, Duration.ofSeconds(1), Duration.ofSeconds(1)));
            InquiriesServer.configure(server, unreachable, Paging.DEFAULTS, LoginTokenRepository.DEFAULT_LIFETIME);
        }

        @AfterAll
        static void tearDown() {
            unreachable.close();
        }

        @Test
        void answers503InBoundedTime() {
            long started = System.nanoTime();
            RawHttp.Response response = http.get(ApiFixture.LIST, List.of("X-User-Id: u", "X-Auth-Token: t"));
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertThat(response.status()).isEqualTo(503);
            assertThat(response.header("Content-Type")).isEqualTo("application/json");
            assertThat(response.body()).isEqualTo(
                    "{\"success\":false,\"error\":\"The database is unavailable; try again shortly\"}");
            assertThat(took).isLessThan(Duration.ofSeconds(5));
        }
    }
}
