package dev.inquiries.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.inquiries.domain.Roles;
import dev.inquiries.persistence.Database;
import dev.inquiries.persistence.testing.Await;
import dev.inquiries.persistence.testing.TestDatabases;
import dev.inquiries.persistence.testing.TestSettings;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The database is cut away mid-traffic, with the default pool and statement timeouts: every request made
 * while it is gone ends within 5 s with the contract's 503; once it is back, requests succeed again
 * within 5 s without a restart.
 */
class DatabaseOutageTest {

    static final String UNAVAILABLE = "{\"success\":false,\"error\":\"The database is unavailable; try again shortly\"}";
    private static final Duration BOUND = Duration.ofSeconds(5);

    private static FaultyProxy proxy;

    @RegisterExtension
    static final ApiServerExtension API = ApiServerExtension.onTestDatabase(testDatabase -> {
        proxy = new FaultyProxy(testDatabase.hostAndPort());
        return Database.connect(TestSettings.database(testDatabase.urlThrough("127.0.0.1", proxy.port()))
                .inSchema(TestDatabases.schema()));
    }).closing(() -> proxy.close());

    private static List<String> admin;

    private final RawHttp http = API.http();

    record Outcome(long startedNanos, long tookNanos, int status, String body) {
    }

    @BeforeAll
    static void arrange() {
        admin = API.loginWithRoles("root", Roles.ADMIN);
        API.department("d1", "One").inquiry("q1", "Ada", Instant.parse("2024-01-01T00:00:00Z"), "queued", "d1");
    }

    @Test
    void answers503WithinBoundsWhileTheDatabaseIsGoneAndRecoversByItself() throws Exception {
        assertThat(http.get(ApiServerExtension.LIST, admin).status()).isEqualTo(200);

        ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
        AtomicBoolean running = new AtomicBoolean(true);
        List<Thread> clients = startClients(4, outcomes, running);
        Thread.sleep(500); // traffic before the outage

        long cutAt = System.nanoTime();
        proxy.cut();
        Thread.sleep(4000); // the outage
        long restoredAt = System.nanoTime();
        proxy.restore();
        Duration recovery = firstSuccessWithin(Duration.ofSeconds(10));
        Thread.sleep(500); // traffic after it
        running.set(false);
        for (Thread client : clients) {
            client.join();
        }

        List<Outcome> duringOutage = outcomes.stream()
                .filter(outcome -> outcome.startedNanos() > cutAt && outcome.startedNanos() < restoredAt)
                .toList();
        assertThat(duringOutage).isNotEmpty().allSatisfy(outcome -> {
            assertThat(outcome.status()).isEqualTo(503);
            assertThat(outcome.body()).isEqualTo(UNAVAILABLE);
            assertThat(Duration.ofNanos(outcome.tookNanos())).isLessThan(BOUND);
        });
        assertThat(outcomes).allSatisfy(outcome -> assertThat(outcome.status()).isIn(200, 503));
        assertThat(recovery).isLessThan(BOUND);
        assertThat(http.get(ApiServerExtension.LIST, admin).status()).isEqualTo(200);
    }

    @Test
    void answers503WithinBoundsWhenTheNetworkSilentlyDropsEverything() throws Exception {
        assertThat(http.get(ApiServerExtension.LIST, admin).status()).isEqualTo(200);

        proxy.blackhole();
        try {
            for (int i = 0; i < 3; i++) {
                long started = System.nanoTime();
                RawHttp.Response response = http.get(ApiServerExtension.LIST, admin);
                Duration took = Duration.ofNanos(System.nanoTime() - started);

                assertThat(response.status()).isEqualTo(503);
                assertThat(response.body()).isEqualTo(UNAVAILABLE);
                assertThat(took).isLessThan(BOUND);
            }
        } finally {
            proxy.restore();
        }
        assertThat(firstSuccessWithin(Duration.ofSeconds(10))).isLessThan(BOUND);
    }

    private List<Thread> startClients(int count, ConcurrentLinkedQueue<Outcome> outcomes, AtomicBoolean running) {
        return java.util.stream.IntStream.range(0, count).mapToObj(i -> Thread.ofVirtual().start(() -> {
            while (running.get()) {
                long started = System.nanoTime();
                RawHttp.Response response = http.get(ApiServerExtension.LIST, admin);
                outcomes.add(new Outcome(started, System.nanoTime() - started, response.status(), response.body()));
            }
        })).toList();
    }

    /** How long until a request succeeds again. */
    private Duration firstSuccessWithin(Duration limit) {
        long started = System.nanoTime();
        Await.until(limit, () -> http.get(ApiServerExtension.LIST, admin).status() == 200, "a 200 once the database is back");
        return Duration.ofNanos(System.nanoTime() - started);
    }
}
