package dev.inquiries.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.logging.Level;

import dev.inquiries.domain.Paging;
import dev.inquiries.domain.Roles;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** A broken schema answers 500 without SQL or driver text, and is logged once with the request id. */
@ServerTest
class BrokenSchemaTest {

    static final String INTERNAL_ERROR = "{\"success\":false,\"error\":\"Internal server error\"}";

    private static ApiFixture fixture;
    private static List<String> admin;

    private final RawHttp http;

    BrokenSchemaTest(WebServer server) {
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
    void answers500WithoutSqlOrDriverTextAndLogsItOnceWithTheRequestId() {
        RawHttp.Response response;
        List<String> logged;
        try (LogCapture logs = new LogCapture()) {
            response = http.get(ApiFixture.LIST, admin);
            logged = logs.atLeast(Level.WARNING);
        }

        assertThat(response.status()).isEqualTo(500);
        assertThat(response.header("Content-Type")).isEqualTo("application/json");
        assertThat(response.body()).isEqualTo(INTERNAL_ERROR);
        String requestId = response.header("X-Request-Id");
        assertThat(requestId).isNotBlank();
        assertThat(logged).hasSize(1);
        assertThat(logged.getFirst()).startsWith("SEVERE ").contains(requestId, "GET /api/v1/livechat/inquiries.list", "does not exist");
    }
}
