package dev.inquiries.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** What a readiness probe sees, and how long it waits for it. */
final class ReadinessProbe {

    /** The check's bound, as the README gives it. */
    static final Duration BOUND = Duration.ofMillis(500);
    /** The bound, and room for a busy machine. */
    static final Duration ANSWERS_WITHIN = Duration.ofSeconds(2);

    private static final ObjectMapper JSON = new ObjectMapper();

    private ReadinessProbe() {
    }

    /** Probes readiness and checks it is DOWN because of the database, answered in bounded time. */
    static void assertNotReadyInBoundedTime(RawHttp http) throws Exception {
        long started = System.nanoTime();
        RawHttp.Response response = http.get("/observe/health/ready", List.of());
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(response.status()).isEqualTo(503);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("status").asText()).isEqualTo("DOWN");
        assertThat(body.get("checks").get(0).get("name").asText()).isEqualTo("database");
        assertThat(body.get("checks").get(0).get("status").asText()).isEqualTo("DOWN");
        assertThat(took).isGreaterThanOrEqualTo(BOUND.minusMillis(50)).isLessThan(ANSWERS_WITHIN);
    }
}
