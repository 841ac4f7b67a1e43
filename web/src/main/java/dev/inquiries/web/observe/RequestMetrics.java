package dev.inquiries.web.observe;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Tag;
import io.helidon.metrics.api.Timer;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

/**
 * Times every request into {@code http.server.requests} (Prometheus: {@code http_server_requests_seconds_*}),
 * tagged with the endpoint (the route's path pattern, or {@code unmatched}, so that unknown paths cannot
 * grow the number of series) and the status class ({@code 2xx} ... {@code 5xx}). The time ends when the
 * response is sent, after the error mapping has chosen its status.
 */
public final class RequestMetrics implements Filter {

    private static final String NAME = "http.server.requests";
    private static final String UNMATCHED = "unmatched";

    /** Histogram buckets around the latencies that matter for a list endpoint. */
    private static final Duration[] BUCKETS = {Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
        Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
        Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5)};

    private final MeterRegistry registry;
    /** One timer per endpoint and status class, looked up once: building a meter per request costs more than timing it. */
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    public RequestMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest request, RoutingResponse response) {
        long started = System.nanoTime();
        response.whenSent(() -> timer(request.matchingPattern().orElse(UNMATCHED), response.status().code())
                .record(Duration.ofNanos(System.nanoTime() - started)));
        chain.proceed();
    }

    private Timer timer(String endpoint, int status) {
        String statusClass = status / 100 + "xx";
        return timers.computeIfAbsent(endpoint + ' ' + statusClass, key -> registry.getOrCreate(Timer.builder(NAME)
                .description("HTTP requests by endpoint and status class")
                .tags(List.of(Tag.create("endpoint", endpoint), Tag.create("status_class", statusClass)))
                .buckets(BUCKETS)));
    }
}
