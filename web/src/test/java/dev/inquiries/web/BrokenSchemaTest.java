package dev.inquiries.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.logging.Level;

import dev.inquiries.domain.Roles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A broken schema answers 500 without SQL or driver text, and is logged once with the request id. */
class BrokenSchemaTest {

    static final String INTERNAL_ERROR = "{\"success\":false,\"error\":\"Internal server error\"}";

    @RegisterExtension
    static final ApiServerExtension API = ApiServerExtension.onTestDatabase();

    private static List<String> admin;

    private final RawHttp http = API.http();

    @BeforeAll
    static void arrange() {
        admin = API.loginWithRoles("root", Roles.ADMIN);
        API.jdbi().useHandle(handle -> handle.execute("ALTER TABLE inquiries RENAME TO inquiries_moved_away"));
    }

    @Test
    void answers500WithoutSqlOrDriverTextAndLogsItOnceWithTheRequestId() {
        RawHttp.Response response;
        List<String> logged;
        try (LogCapture logs = new LogCapture()) {
            response = http.get(ApiServerExtension.LIST, admin);
            logged = logs.atLeast(Level.WARNING);
        }

        assertThat(response.status()).isEqualTo(500);
        assertThat(response.header("Content-Type")).isEqualTo("application/json");
        assertThat(response.body()).isEqualTo(INTERNAL_ERROR);
        String requestId = response.header("X-Request-Id");
        assertThat(requestId).isNotBlank();
        // The background readers (queue metrics, the wait limit) meet the broken schema too and may warn meanwhile;
        // the request itself is logged once, as the one SEVERE line.
        List<String> severe = logged.stream().filter(line -> line.startsWith("SEVERE ")).toList();
        assertThat(severe).hasSize(1);
        assertThat(severe.getFirst()).contains(requestId, "GET /api/v1/livechat/inquiries.list", "does not exist");
        assertThat(logged.stream().filter(line -> line.contains(requestId))).hasSize(1);
    }
}
