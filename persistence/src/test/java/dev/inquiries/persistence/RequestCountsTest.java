package dev.inquiries.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import dev.inquiries.persistence.RequestCounts.Count;
import dev.inquiries.persistence.testing.TestDatabase;
import dev.inquiries.persistence.testing.TestDatabases;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Requests counted per endpoint and address (V35's {@code request_counts}): one upsert per request, exact when two
 * instances (two pools) count one key at once, a new window once the old one ended, keys apart from each other even
 * while one key's row is locked, and ended windows trimmed.
 */
@Timeout(60)
class RequestCountsTest {

    private static final Duration MINUTE = Duration.ofMinutes(1);
    private static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");

    private static TestDatabase testDatabase;
    private static Database first;
    private static Database second;

    @BeforeAll
    static void open() {
        testDatabase = TestDatabases.create();
        first = testDatabase.open();
        second = testDatabase.open();
    }

    @AfterAll
    static void close() {
        first.close();
        second.close();
        testDatabase.close();
    }

    @BeforeEach
    void forgetCounts() {
        testDatabase.jdbi().useHandle(handle -> handle.execute("DELETE FROM request_counts"));
    }

    @Test
    void countsEachRequestOfAKeyInAWindowThatBeginsWithItsFirst() {
        RequestCounts counts = new RequestCounts(first, Duration.ofHours(1));

        assertThat(counts.count("livechat/room", "10.0.0.1", MINUTE, T0)).isEqualTo(new Count(1, T0.plus(MINUTE)));
        assertThat(counts.count("livechat/room", "10.0.0.1", MINUTE, T0.plusSeconds(20)))
                .isEqualTo(new Count(2, T0.plus(MINUTE)));
        assertThat(counts.count("livechat/room", "10.0.0.1", MINUTE, T0.plusSeconds(59)))
                .isEqualTo(new Count(3, T0.plus(MINUTE)));
        // Another address and another endpoint are other keys.
        assertThat(counts.count("livechat/room", "10.0.0.2", MINUTE, T0.plusSeconds(30)))
                .isEqualTo(new Count(1, T0.plusSeconds(90)));
        assertThat(counts.count("livechat/visitor", "10.0.0.1", MINUTE, T0.plusSeconds(30)))
                .isEqualTo(new Count(1, T0.plusSeconds(90)));
    }

    @Test
    void aRequestAtTheEndOfTheWindowStartsANewOne() {
        RequestCounts counts = new RequestCounts(first, Duration.ofHours(1));
        counts.count("livechat/room", "10.0.0.1", MINUTE, T0);
        counts.count("livechat/room", "10.0.0.1", MINUTE, T0.plusSeconds(1));

        Instant end = T0.plus(MINUTE);
        assertThat(counts.count("livechat/room", "10.0.0.1", MINUTE, end)).isEqualTo(new Count(1, end.plus(MINUTE)));
        assertThat(counts.count("livechat/room", "10.0.0.1", MINUTE, end.plusMillis(1)))
                .isEqualTo(new Count(2, end.plus(MINUTE)));
    }

    @Test
    void twoInstancesCountingOneKeyAtOnceGiveEveryRequestItsOwnNumber() throws Exception {
        RequestCounts one = new RequestCounts(first, Duration.ofHours(1));
        RequestCounts other = new RequestCounts(second, Duration.ofHours(1));
        int clients = 50;
        for (int round = 0; round < 3; round++) {
            String address = "10.1.0." + round;
            CyclicBarrier start = new CyclicBarrier(clients);
            List<Future<Long>> numbers = new ArrayList<>();
            try (ExecutorService racers = Executors.newFixedThreadPool(clients)) {
                for (int client = 0; client < clients; client++) {
                    RequestCounts counts = client % 2 == 0 ? one : other;
                    numbers.add(racers.submit(() -> {
                        start.await(10, TimeUnit.SECONDS);
                        return counts.count("livechat/visitor", address, MINUTE, T0).hits();
                    }));
                }
                List<Long> seen = new ArrayList<>();
                for (Future<Long> number : numbers) {
                    seen.add(number.get());
                }
                assertThat(seen).containsExactlyInAnyOrderElementsOf(
                        LongStream.rangeClosed(1, clients).boxed().toList());
            }
            long kept = testDatabase.jdbi().withHandle(handle -> handle.createQuery(
                            "SELECT hits FROM request_counts WHERE route = 'livechat/visitor' AND address = :address")
                    .bind("address", address).mapTo(Long.class).one());
            assertThat(kept).isEqualTo(clients);
        }
    }

    @Test
    void anotherAddressIsCountedWhileAFloodedAddressesRowIsLocked() throws Exception {
        RequestCounts counts = new RequestCounts(first, Duration.ofHours(1));
        counts.count("livechat/room", "10.9.9.9", MINUTE, T0);
        try (Handle holder = testDatabase.jdbi().open()) {
            holder.begin();
            holder.execute("SELECT 1 FROM request_counts WHERE address = '10.9.9.9' FOR UPDATE");
            try (ExecutorService other = Executors.newSingleThreadExecutor()) {
                Future<Count> counted = other.submit(() -> counts.count("livechat/room", "10.0.0.7", MINUTE, T0));
                assertThat(counted.get(2, TimeUnit.SECONDS)).isEqualTo(new Count(1, T0.plus(MINUTE)));

                // The trim, due now, skips the locked row rather than waiting for it.
                RequestCounts trimming = new RequestCounts(second, Duration.ofHours(1));
                Future<Count> trimmed = other.submit(() ->
                        trimming.count("livechat/room", "10.0.0.8", MINUTE, T0.plus(Duration.ofHours(1))));
                assertThat(trimmed.get(2, TimeUnit.SECONDS).hits()).isEqualTo(1);
            }
            holder.rollback();
        }
        assertThat(addresses()).containsExactlyInAnyOrder("10.9.9.9", "10.0.0.8");
    }

    @Test
    void trimsEndedWindowsOncePerInterval() {
        RequestCounts counts = new RequestCounts(first, Duration.ofMinutes(5));
        counts.count("livechat/room", "10.0.0.1", MINUTE, T0);
        counts.count("livechat/room", "10.0.0.2", MINUTE, T0.plusSeconds(50));
        assertThat(addresses()).containsExactlyInAnyOrder("10.0.0.1", "10.0.0.2");

        // The first call trimmed (nothing had ended); the next trim is due five minutes after it.
        counts.count("livechat/room", "10.0.0.3", MINUTE, T0.plus(Duration.ofSeconds(270)));
        assertThat(addresses()).containsExactlyInAnyOrder("10.0.0.1", "10.0.0.2", "10.0.0.3");

        counts.count("livechat/room", "10.0.0.4", MINUTE, T0.plus(Duration.ofMinutes(5)));
        assertThat(addresses()).containsExactlyInAnyOrder("10.0.0.3", "10.0.0.4");
    }

    private static List<String> addresses() {
        return testDatabase.jdbi().withHandle(handle -> handle.createQuery("SELECT address FROM request_counts")
                .mapTo(String.class).list());
    }
}
