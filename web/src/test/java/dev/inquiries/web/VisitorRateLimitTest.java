package dev.inquiries.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import dev.inquiries.domain.login.LoginPolicy;
import dev.inquiries.persistence.Database;
import dev.inquiries.persistence.RequestCounts;
import dev.inquiries.persistence.testing.Await;
import dev.inquiries.persistence.testing.TestDatabase;
import dev.inquiries.persistence.testing.TestDatabases;
import dev.inquiries.web.Settings.SignInSettings;
import dev.inquiries.web.Settings.VisitorSettings;
import dev.inquiries.web.api.ClientAddress;
import dev.inquiries.web.api.RateLimits;
import dev.inquiries.web.observe.RequestIds;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.Handler;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The visitor endpoints' rate limit ({@code api.visitors.rate.*}) as {@link RateLimits#guard} applies it, on a test
 * route of two instances of the service on one database, each wired as {@code serve} wires it: the limit holds
 * exactly across both, the refusal is Rocket.Chat's 429 byte for byte, other addresses are unaffected, the window
 * frees, and a limit of 0 is none. The client address comes from {@code X-Forwarded-For} (a trusted proxy), as every
 * request here comes from 127.0.0.1.
 */
@Timeout(60)
class VisitorRateLimitTest {

    private static final int LIMIT = 3;
    private static final String ROUTE = "/api/v1/livechat/limited";
    private static final Handler SERVED = (request, response) -> response.send("{\"success\":true}");

    private static TestDatabase testDatabase;
    private static final List<AutoCloseable> OPEN = new ArrayList<>();
    private static RawHttp one;
    private static RawHttp other;

    @BeforeAll
    static void startTwoInstances() {
        testDatabase = TestDatabases.create();
        Settings settings = behindProxy(new VisitorSettings(LIMIT, Duration.ofMinutes(1), 1000));
        one = serve(settings);
        other = serve(settings);
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable resource : OPEN.reversed()) {
            resource.close();
        }
        testDatabase.close();
    }

    @BeforeEach
    void forgetCounts() {
        testDatabase.jdbi().useHandle(handle -> handle.execute("DELETE FROM request_counts"));
    }

    @Test
    void oneAddressRacingTwoInstancesGetsExactlyTheLimitIn() throws Exception {
        for (int round = 0; round < 3; round++) {
            String address = "198.51.100." + round;
            int clients = 24;
            CyclicBarrier start = new CyclicBarrier(clients);
            List<Future<Integer>> statuses = new ArrayList<>();
            try (ExecutorService racers = Executors.newFixedThreadPool(clients)) {
                for (int client = 0; client < clients; client++) {
                    RawHttp instance = client % 2 == 0 ? one : other;
                    statuses.add(racers.submit(() -> {
                        start.await(10, TimeUnit.SECONDS);
                        return get(instance, address).status();
                    }));
                }
                List<Integer> seen = new ArrayList<>();
                for (Future<Integer> status : statuses) {
                    seen.add(status.get());
                }
                assertThat(seen).filteredOn(status -> status == 200).hasSize(LIMIT);
                assertThat(seen).filteredOn(status -> status == 429).hasSize(clients - LIMIT);
            }
        }
    }

    @Test
    void theRequestBeyondTheLimitGetsRocketChatsRefusalWithRetryAfter() {
        for (int i = 0; i < LIMIT; i++) {
            assertThat(get(i % 2 == 0 ? one : other, "203.0.113.9").status()).isEqualTo(200);
        }

        RawHttp.Response refused = get(other, "203.0.113.9");
        assertThat(refused.status()).isEqualTo(429);
        String seconds = refused.header("Retry-After");
        assertThat(seconds).matches("[1-9][0-9]?");
        assertThat(Integer.parseInt(seconds)).isBetween(55, 60);
        assertThat(refused.body()).isEqualTo("{\"success\":false,\"error\":\"Error, too many requests. Please slow down. "
                + "You must wait " + seconds + " seconds before trying this endpoint again. [error-too-many-requests]\"}");
        assertThat(refused.header("Content-Type")).isEqualTo("application/json");
        assertThat(refused.header("X-Request-Id")).isNotBlank();

        // The instance that counted none of this address's requests refuses it too.
        assertThat(get(one, "203.0.113.9").status()).isEqualTo(429);

        // Each instance asked the database once whether the address was over; after that it remembers the window's
        // end, so that a flood of refused requests no longer touches the address's row.
        for (int i = 0; i < 10; i++) {
            assertThat(get(i % 2 == 0 ? one : other, "203.0.113.9").status()).isEqualTo(429);
        }
        long hits = testDatabase.jdbi().withHandle(handle -> handle.createQuery(
                "SELECT hits FROM request_counts WHERE address = '203.0.113.9'").mapTo(Long.class).one());
        assertThat(hits).isEqualTo(LIMIT + 2);
    }

    @Test
    void anotherAddressIsServedWhileOneIsRefused() {
        for (int i = 0; i <= LIMIT; i++) {
            get(one, "192.0.2.1");
        }
        assertThat(get(one, "192.0.2.1").status()).isEqualTo(429);

        for (int i = 0; i < LIMIT; i++) {
            assertThat(get(i % 2 == 0 ? one : other, "192.0.2.2").status()).isEqualTo(200);
        }
    }

    @Test
    void aFloodQueuedOnItsRowHoldsOneConnectionAndLeavesTheOthersToOtherAddresses() throws Exception {
        assertThat(get(one, "198.18.0.1").status()).isEqualTo(200);
        int flood = 20;
        try (Handle holder = testDatabase.jdbi().open(); ExecutorService clients = Executors.newFixedThreadPool(flood)) {
            holder.begin();
            holder.execute("SELECT 1 FROM request_counts WHERE address = '198.18.0.1' FOR UPDATE");
            List<Future<Integer>> statuses = new ArrayList<>();
            for (int i = 0; i < flood; i++) {
                statuses.add(clients.submit(() -> get(one, "198.18.0.1").status()));
            }
            Await.until(Duration.ofSeconds(10), () -> waitingOnLocks() >= 1, "a flood request waits on its row");

            // More requests of the flood than the pool has connections are in; another address is still counted.
            assertThat(get(one, "198.18.0.2").status()).isEqualTo(200);
            assertThat(waitingOnLocks()).as("sessions waiting on the flooded row").isEqualTo(1);

            holder.rollback();
            List<Integer> seen = new ArrayList<>();
            for (Future<Integer> status : statuses) {
                seen.add(status.get(20, TimeUnit.SECONDS));
            }
            assertThat(seen).filteredOn(status -> status == 200).hasSize(LIMIT - 1);
            assertThat(seen).filteredOn(status -> status == 429).hasSize(flood - LIMIT + 1);
        }
    }

    private static long waitingOnLocks() {
        return testDatabase.jdbi().withHandle(handle -> handle.createQuery("""
                        SELECT count(*) FROM pg_stat_activity
                         WHERE datname = current_database() AND wait_event_type = 'Lock'""")
                .mapTo(Long.class).one());
    }

    @Test
    void withoutATrustedProxyTheForwardedAddressIsIgnored() throws Exception {
        RawHttp direct = serve(Settings.defaults().withVisitors(new VisitorSettings(LIMIT, Duration.ofMinutes(1), 1000)));
        for (int i = 0; i < LIMIT; i++) {
            assertThat(get(direct, "192.0.2." + (10 + i)).status()).isEqualTo(200);
        }
        assertThat(get(direct, "192.0.2.20").status()).as("all of them came from 127.0.0.1").isEqualTo(429);
    }

    @Test
    void aLimitOfZeroIsNoneAndCountsNothing() {
        RawHttp unlimited = serve(behindProxy(new VisitorSettings(0, Duration.ofMinutes(1), 1000)));
        for (int i = 0; i < 3 * LIMIT; i++) {
            assertThat(get(unlimited, "192.0.2.99").status()).isEqualTo(200);
        }
        long rows = testDatabase.jdbi().withHandle(handle -> handle.createQuery("SELECT count(*) FROM request_counts")
                .mapTo(Long.class).one());
        assertThat(rows).isZero();
    }

    @Test
    void theWindowFreesWhenItEnds() {
        AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-02T10:00:00.250Z"));
        Clock clock = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now.get();
            }
        };
        Database database = testDatabase.open();
        OPEN.add(database);
        RateLimits limits = new RateLimits(new RequestCounts(database, Duration.ofMinutes(1)), 2, Duration.ofSeconds(30),
                new ClientAddress(true), clock);
        RawHttp clocked = serve(limits);

        assertThat(get(clocked, "192.0.2.50").status()).isEqualTo(200);
        now.set(now.get().plusSeconds(10));
        assertThat(get(clocked, "192.0.2.50").status()).isEqualTo(200);
        now.set(now.get().plusMillis(100));
        RawHttp.Response refused = get(clocked, "192.0.2.50");
        assertThat(refused.status()).isEqualTo(429);
        // 19.9 seconds are left: whole seconds, rounded up.
        assertThat(refused.header("Retry-After")).isEqualTo("20");
        assertThat(refused.body()).contains("You must wait 20 seconds before");

        now.set(Instant.parse("2026-12-02T10:00:30.249Z"));
        assertThat(get(clocked, "192.0.2.50").header("Retry-After")).isEqualTo("1");
        now.set(Instant.parse("2026-12-02T10:00:30.250Z"));
        assertThat(get(clocked, "192.0.2.50").status()).isEqualTo(200);
        assertThat(get(clocked, "192.0.2.50").status()).isEqualTo(200);
        assertThat(get(clocked, "192.0.2.50").status()).isEqualTo(429);
    }

    private static RawHttp.Response get(RawHttp instance, String address) {
        return instance.get(ROUTE, List.of("X-Forwarded-For: 10.0.0.1, " + address));
    }

    private static Settings behindProxy(VisitorSettings visitors) {
        return Settings.defaults()
                .withSignIn(new SignInSettings(new LoginPolicy(10, Duration.ofMinutes(5), 50, Duration.ofMinutes(5),
                        Duration.ofMinutes(5)), true))
                .withVisitors(visitors);
    }

    /** An instance of the service as {@code serve} wires it, on its own pool, with the test route behind its limit. */
    private static RawHttp serve(Settings settings) {
        Database database = testDatabase.open();
        OPEN.add(database);
        return serve(new InquiriesApplication(database, settings).visitorLimits());
    }

    private static RawHttp serve(RateLimits limits) {
        WebServer server = WebServer.builder().host("localhost").port(0)
                .routing(routing -> routing.addFilter(new RequestIds()).get(ROUTE, limits.guard("livechat/visitor", SERVED)))
                .build()
                .start();
        OPEN.add(server::stop);
        return new RawHttp(server.port());
    }
}
