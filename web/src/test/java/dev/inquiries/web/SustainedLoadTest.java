package dev.inquiries.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.inquiries.domain.Roles;
import dev.inquiries.persistence.LoginTokenRepository.IssuedToken;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * 200 concurrent clients poll the list for 15 seconds (system property {@code load.seconds}) against a few
 * thousand queued inquiries, with the service's default pool and timeouts: not one wrong total, and no error
 * but the README's 503 for a request that waited {@code db.pool.timeout} for a connection, which a loaded
 * machine gives some requests; most are served. Latency figures belong to the benchmark, not here.
 * The clients' choices come from a seed, logged, that {@code -Dload.seed=N} repeats.
 */
class SustainedLoadTest {

    private static final int CLIENTS = 200;
    private static final Duration DURATION = Duration.ofSeconds(Long.getLong("load.seconds", 15));
    private static final Pattern TOTAL = Pattern.compile("\"total\":(\\d+),\"success\":true}$");
    private static final String UNAVAILABLE = "{\"success\":false,\"error\":\"The database is unavailable; try again shortly\"}";
    private static final Logger LOG = Logger.getLogger(SustainedLoadTest.class.getName());
    private static final Map<String, Long> QUEUED = Map.of(
            "", 3000L, "&department=d0", 600L, "&department=Department%201", 600L, "&department=nowhere", 0L);

    @RegisterExtension
    static final ApiServerExtension API = ApiServerExtension.onTestDatabase();

    private static IssuedToken monitor;

    private final int port = API.port();

    @BeforeAll
    static void arrange() {
        API.jdbi().useHandle(handle -> {
            handle.execute("INSERT INTO departments (id, name) SELECT 'd' || g, 'Department ' || g FROM generate_series(0, 4) g");
            handle.execute("""
                    INSERT INTO inquiries (id, rid, name, ts, status, department_id)
                    SELECT 'i' || g, 'r' || g, 'Visitor ' || g, now() - g * interval '1 second',
                           CASE WHEN g <= 3000 THEN 'queued' ELSE 'taken' END, 'd' || (g % 5)
                      FROM generate_series(1, 5000) g""");
            handle.execute("ANALYZE");
        });
        API.loginWithRoles("monitor", Roles.LIVECHAT_MONITOR);
        monitor = API.token("monitor");
    }

    @Test
    void servesTwoHundredConcurrentClientsWithoutAWrongTotalOrAnyErrorButTheBusyPools503() throws Exception {
        long seed = Long.getLong("load.seed", System.nanoTime());
        LOG.info("SustainedLoadTest seed " + seed + " (repeat with -Dload.seed=" + seed + ")");
        List<String> queries = List.copyOf(QUEUED.keySet());
        List<String> sorts = List.of("", "&sort=%7B%22name%22%3A1%7D", "&sort=%7B%22ts%22%3A1%7D", "&offset=2900");
        AtomicLong served = new AtomicLong();
        AtomicLong busy = new AtomicLong();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        Instant end = Instant.now().plus(DURATION);
        // Declared first, closed last: the clients finish before their HTTP client closes.
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                     .executor(Executors.newVirtualThreadPerTaskExecutor()).build();
             ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < CLIENTS; i++) {
                Random random = new Random(seed + i);
                clients.submit(() -> {
                    while (Instant.now().isBefore(end) && failures.size() < 10) {
                        String filter = queries.get(random.nextInt(queries.size()));
                        String sort = sorts.get(random.nextInt(sorts.size()));
                        HttpRequest request = HttpRequest.newBuilder(URI.create(
                                        "http://localhost:" + port + ApiServerExtension.LIST + "?count=20" + filter + sort))
                                .header("X-User-Id", monitor.userId())
                                .header("X-Auth-Token", monitor.authToken())
                                .timeout(Duration.ofSeconds(10))
                                .build();
                        try {
                            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                            Matcher total = TOTAL.matcher(response.body());
                            if (response.statusCode() == 503 && response.body().equals(UNAVAILABLE)) {
                                busy.incrementAndGet();
                            } else if (response.statusCode() != 200 || !total.find()
                                    || Long.parseLong(total.group(1)) != QUEUED.get(filter)) {
                                failures.add(response.statusCode() + " for " + filter + sort + ": " + response.body());
                            } else {
                                served.incrementAndGet();
                            }
                        } catch (Exception failure) {
                            failures.add(failure.toString());
                        }
                    }
                });
            }
        }

        LOG.info("SustainedLoadTest: " + served.get() + " served, " + busy.get() + " answered 503 (pool busy)");
        assertThat(failures).as("seed " + seed).isEmpty();
        assertThat(served.get()).as("seed " + seed).isGreaterThan(CLIENTS).isGreaterThan(busy.get());
    }
}
