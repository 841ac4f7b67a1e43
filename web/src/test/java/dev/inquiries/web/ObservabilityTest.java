package dev.inquiries.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.inquiries.domain.Roles;
import dev.inquiries.persistence.testing.Await;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What operators watch: health under /observe/health, Prometheus metrics, and the access log. */
class ObservabilityTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LIST_ENDPOINT = "endpoint=\"" + ApiServerExtension.LIST + "\"";

    @RegisterExtension
    static final ApiServerExtension API = ApiServerExtension.onTestDatabase();

    private static List<String> admin;

    private final RawHttp http = API.http();

    @BeforeAll
    static void arrange() {
        admin = API.loginWithRoles("root", Roles.ADMIN);
        API.department("d1", "Sales").inquiry("q1", "Ada", Instant.parse("2024-01-01T00:00:00Z"), "queued", "d1");
    }

    @Test
    void isLiveWithoutAskingTheDatabase() throws Exception {
        RawHttp.Response response = http.get("/observe/health/live", List.of());

        assertThat(response.status()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).get("status").asText()).isEqualTo("UP");
    }

    @Test
    void isReadyWhenTheDatabaseAnswers() throws Exception {
        RawHttp.Response response = http.get("/observe/health/ready", List.of());

        assertThat(response.status()).isEqualTo(200);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("status").asText()).isEqualTo("UP");
        JsonNode check = body.get("checks").get(0);
        assertThat(check.get("name").asText()).isEqualTo("database");
        assertThat(check.get("status").asText()).isEqualTo("UP");
        assertThat(check.get("data").get("waitingRequests").asInt()).isZero();
        assertThat(http.get("/observe/health", List.of()).status()).isEqualTo(200);
    }

    @Test
    void countsAndTimesRequestsPerEndpointAndStatusClass() {
        double okBefore = sample(metrics(), "http_server_requests_seconds_count", LIST_ENDPOINT, "status_class=\"2xx\"");
        double deniedBefore = sample(metrics(), "http_server_requests_seconds_count", LIST_ENDPOINT, "status_class=\"4xx\"");
        double unmatchedBefore = sample(metrics(), "http_server_requests_seconds_count", "endpoint=\"unmatched\"",
                "status_class=\"4xx\"");

        for (int i = 0; i < 3; i++) {
            assertThat(http.get(ApiServerExtension.LIST, admin).status()).isEqualTo(200);
        }
        assertThat(http.get(ApiServerExtension.LIST, List.of()).status()).isEqualTo(401);
        assertThat(http.send("POST", ApiServerExtension.LIST, admin).status()).isEqualTo(405);
        assertThat(http.get("/no/such/path/" + System.nanoTime(), admin).status()).isEqualTo(404);

        // A request is timed once its response is sent, which may be just after the client has it.
        String metrics = Await.value(Duration.ofSeconds(2), () -> Optional.of(metrics()).filter(text ->
                sample(text, "http_server_requests_seconds_count", LIST_ENDPOINT, "status_class=\"2xx\"") >= okBefore + 3
                        && sample(text, "http_server_requests_seconds_count", LIST_ENDPOINT, "status_class=\"4xx\"")
                                >= deniedBefore + 2
                        && sample(text, "http_server_requests_seconds_count", "endpoint=\"unmatched\"", "status_class=\"4xx\"")
                                >= unmatchedBefore + 1), () -> "the six requests counted");
        assertThat(sample(metrics, "http_server_requests_seconds_count", LIST_ENDPOINT, "status_class=\"2xx\"") - okBefore)
                .isEqualTo(3);
        assertThat(sample(metrics, "http_server_requests_seconds_count", LIST_ENDPOINT, "status_class=\"4xx\"") - deniedBefore)
                .isEqualTo(2);
        assertThat(sample(metrics, "http_server_requests_seconds_count", "endpoint=\"unmatched\"", "status_class=\"4xx\"")
                - unmatchedBefore).isEqualTo(1);
        assertThat(sample(metrics, "http_server_requests_seconds_sum", LIST_ENDPOINT, "status_class=\"2xx\"")).isPositive();
        assertThat(sample(metrics, "http_server_requests_seconds_bucket", LIST_ENDPOINT, "status_class=\"2xx\"", "le=\"5.0\""))
                .isEqualTo(sample(metrics, "http_server_requests_seconds_count", LIST_ENDPOINT, "status_class=\"2xx\""));
        assertThat(metrics).doesNotContain("/no/such/path");
    }

    @Test
    void showsThePoolsConnections() {
        String metrics = metrics();

        assertThat(sample(metrics, "db_pool_connections_max")).isEqualTo(8);
        assertThat(sample(metrics, "db_pool_connections_waiting")).isZero();
        assertThat(sample(metrics, "db_pool_connections_total"))
                .isEqualTo(sample(metrics, "db_pool_connections_active") + sample(metrics, "db_pool_connections_idle"))
                .isPositive();
    }

    @Test
    void logsOneLinePerRequestWithoutTheQueryOrAnyToken() {
        RawHttp.Response response;
        String line;
        try (AccessLines lines = new AccessLines()) {
            response = http.get(ApiServerExtension.LIST + "?department=Sales&count=5", admin);
            line = lines.of(response);
        }

        String token = admin.get(1).substring("X-Auth-Token: ".length());
        assertThat(line)
                .matches("127\\.0\\.0\\.1 \"GET /api/v1/livechat/inquiries\\.list HTTP/1\\.1\" 200 \\d+ \\d+\\.\\d{3}ms "
                        + Pattern.quote(response.header("X-Request-Id")))
                .doesNotContain("department", "Sales", "count=", token);
    }

    @ParameterizedTest
    @ValueSource(strings = {ApiServerExtension.LIST, ApiServerExtension.LIST + "?sort=nonsense", "/nowhere", "/observe/metrics",
            "/openapi"})
    void logsTheBytesOfTheResponsesBodyAlone(String target) {
        RawHttp.Response response;
        String line;
        try (AccessLines lines = new AccessLines()) {
            response = http.get(target, admin);
            line = lines.of(response);
        }

        int bodyBytes = response.body().getBytes(StandardCharsets.UTF_8).length;
        assertThat(bodyBytes).isPositive();
        assertThat(response.header("Content-Length")).isEqualTo(String.valueOf(bodyBytes));
        assertThat(line.split(" ")[5]).as(line).isEqualTo(String.valueOf(bodyBytes));
    }

    @Test
    void logsNoByteCountForAStreamedBody() {
        RawHttp.Response response;
        String line;
        try (AccessLines lines = new AccessLines()) {
            response = http.get("/observe/health", List.of());
            line = lines.of(response);
        }

        assertThat(response.header("Transfer-Encoding")).isEqualTo("chunked");
        assertThat(line.split(" ")[4] + " " + line.split(" ")[5]).isEqualTo("200 -");
    }

    @Test
    void logsNoBytesForANotModifiedAnswer() {
        String tag = http.get(ApiServerExtension.LIST, admin).header("ETag");
        List<String> conditional = new ArrayList<>(admin);
        conditional.add("If-None-Match: " + tag);
        RawHttp.Response response;
        String line;
        try (AccessLines lines = new AccessLines()) {
            response = http.get(ApiServerExtension.LIST, conditional);
            line = lines.of(response);
        }

        assertThat(response.status()).isEqualTo(304);
        assertThat(line.split(" ")[4] + " " + line.split(" ")[5]).isEqualTo("304 0");
    }

    /** The access log's lines while it is open (the logger's own handler writes only in batches). */
    private static final class AccessLines implements AutoCloseable {

        private final Logger accessLog = Logger.getLogger("io.helidon.webserver.AccessLog");
        private final Level level = accessLog.getLevel();
        private final List<String> lines = new CopyOnWriteArrayList<>();
        private final Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                lines.add(record.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };

        AccessLines() {
            accessLog.setLevel(Level.INFO);
            accessLog.addHandler(capture);
        }

        /** The one line of the response (found by its request id; it is written once the response is sent). */
        String of(RawHttp.Response response) {
            String requestId = response.header("X-Request-Id");
            Await.until(Duration.ofSeconds(2), () -> lines.stream().anyMatch(line -> line.endsWith(" " + requestId)),
                    () -> "an access log line ending in " + requestId + " among " + lines);
            List<String> ours = lines.stream().filter(line -> line.endsWith(" " + requestId)).toList();
            assertThat(ours).hasSize(1);
            return ours.getFirst();
        }

        @Override
        public void close() {
            accessLog.removeHandler(capture);
            accessLog.setLevel(level);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/observe", "/observe/nowhere", "/observe/health/nowhere", "/openapi/nowhere", "/metrics"})
    void answersUnknownPathsBesideTheObservedOnesWithTheContracts404(String path) {
        RawHttp.Response response = http.get(path, List.of());

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.header("Content-Type")).isEqualTo("application/json");
        assertThat(response.body()).isEqualTo("{\"success\":false,\"error\":\"Not Found\"}");
    }

    private String metrics() {
        RawHttp.Response response = http.get("/observe/metrics", List.of("Accept: text/plain"));
        assertThat(response.status()).isEqualTo(200);
        return response.body();
    }

    /** The value of the one sample of this metric whose labels include all those given (0 when there is none). */
    private static double sample(String metrics, String name, String... labels) {
        Matcher line = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*})? (\\S+)$").matcher(metrics);
        List<Double> values = new ArrayList<>();
        while (line.find()) {
            String found = line.group(1) == null ? "" : line.group(1);
            if (List.of(labels).stream().allMatch(found::contains)) {
                values.add(Double.parseDouble(line.group(2)));
            }
        }
        assertThat(values).as(name + " " + List.of(labels)).hasSizeLessThanOrEqualTo(1);
        return values.isEmpty() ? 0 : values.getFirst();
    }
}
