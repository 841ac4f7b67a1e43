package dev.inquiries.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.inquiries.domain.Paging;
import dev.inquiries.domain.Roles;
import dev.inquiries.persistence.Database;
import dev.inquiries.persistence.DatabaseSettings;
import dev.inquiries.persistence.testing.TestDatabases;
import dev.inquiries.persistence.LoginTokenRepository;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The database is cut away mid-traffic, with the default pool and statement timeouts: every request made
 * while it is gone ends within 5 s with the contract's 503; once it is back, requests succeed again
 * within 5 s without a restart.
 */
@ServerTest
class DatabaseOutageTest {

    static final String UNAVAILABLE = "{\"success\":false,\"error\":\"The database is unavailable; try again shortly\"}";
    private static final Duration BOUND = Duration.ofSeconds(5);

    private static ApiFixture fixture;
    private static FaultyProxy proxy;
    private static Database throughProxy;
    private static List<String> admin;

    private final RawHttp http;

    DatabaseOutageTest(WebServer server) {
        this.http = new RawHttp(server.port());
    }

    record Outcome(long startedNanos, long tookNanos, int status, String body) {
    }

    @SetUpServer
    static void setUp(WebServerConfig.Builder server) throws IOException {
        fixture = new ApiFixture();
        admin = fixture.loginWithRoles("root", Roles.ADMIN);
        fixture.department("d1", "One").inquiry("q1", "Ada", java.time.Instant.parse("2024-01-01T00:00:00Z"), "queued", "d1");
        proxy = new FaultyProxy(fixture.hostAndPort());
        throughProxy = Database.connect(DatabaseSettings.of(fixture.urlThrough("127.0.0.1", proxy.port()), null, null)
                .inSchema(TestDatabases.schema()));
        InquiriesServer.configure(server, throughProxy, Paging.DEFAULTS, LoginTokenRepository.DEFAULT_LIFETIME);
    }

    @AfterAll
    static void tearDown() throws IOException {
        throughProxy.close();
        proxy.close();
        fixture.close();
    }

    @Test
    void answers503WithinBoundsWhileTheDatabaseIsGoneAndRecoversByItself() throws Exception {
        assertThat(http.get(ApiFixture.LIST, admin).status()).isEqualTo(200);

        ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
        AtomicBoolean running = new AtomicBoolean(true);
        List<Thread> clients = startClients(4, outcomes, running);
        Thread.sleep(500);

        long cutAt = System.nanoTime();
        proxy.cut();
        Thread.sleep(4000);
        long restoredAt = System.nanoTime();
        proxy.restore();
        Duration recovery = firstSuccessWithin(Duration.ofSeconds(10));
        Thread.sleep(500);
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
        assertThat(http.get(ApiFixture.LIST, admin).status()).isEqualTo(200);
    }

    @Test
    void answers503WithinBoundsWhenTheNetworkSilentlyDropsEverything() throws Exception {
        assertThat(http.get(ApiFixture.LIST, admin).status()).isEqualTo(200);

        proxy.blackhole();
        try {
            for (int i = 0; i < 3; i++) {
                long started = System.nanoTime();
                RawHttp.Response response = http.get(ApiFixture.LIST, admin);
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
                RawHttp.Response response = http.get(ApiFixture.LIST, admin);
                outcomes.add(new Outcome(started, System.nanoTime() - started, response.status(), response.body()));
            }
        })).toList();
    }

    private Duration firstSuccessWithin(Duration limit) throws InterruptedException {
        long started = System.nanoTime();
        while (System.nanoTime() - started < limit.toNanos()) {
            if (http.get(ApiFixture.LIST, admin).status() == 200) {
                return Duration.ofNanos(System.nanoTime() - started);
            }
            Thread.sleep(50);
        }
        return limit;
    }
}
