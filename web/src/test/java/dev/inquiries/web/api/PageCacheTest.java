package dev.inquiries.web.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/** A kept page is served only at the version it was read at, read once for concurrent requests, never a failure. */
class PageCacheTest {

    private final AtomicInteger reads = new AtomicInteger();

    private PageCache.Page read(long version, String body) {
        reads.incrementAndGet();
        return new PageCache.Page(version, body.getBytes(StandardCharsets.UTF_8), "\"" + version + "\"");
    }

    private static String text(PageCache.Page page) {
        return new String(page.body(), StandardCharsets.UTF_8);
    }

    @Test
    void servesTheKeptPageWhileTheVersionIsTheSameAndReadsAgainWhenItGrows() {
        PageCache<String> cache = new PageCache<>(8);
        assertThat(text(cache.page("a", 1, () -> read(1, "one")))).isEqualTo("one");
        assertThat(text(cache.page("a", 1, () -> read(1, "other")))).isEqualTo("one");
        assertThat(reads).hasValue(1);
        assertThat(text(cache.page("a", 2, () -> read(2, "two")))).isEqualTo("two");
        assertThat(text(cache.page("b", 2, () -> read(2, "b's")))).isEqualTo("b's");
        assertThat(reads).hasValue(3);
    }

    @Test
    void keepsAPageUnderTheVersionItWasReadAt() {
        PageCache<String> cache = new PageCache<>(8);
        // Asked at 1, read at 3 (changes committed in between): a request at 3 gets it, one at 4 reads again.
        cache.page("a", 1, () -> read(3, "three"));
        assertThat(text(cache.page("a", 3, () -> read(3, "again")))).isEqualTo("three");
        assertThat(text(cache.page("a", 4, () -> read(4, "four")))).isEqualTo("four");
        assertThat(reads).hasValue(2);
    }

    @Test
    void looksUpAKeptPageOnlyAtItsVersionWithoutReading() throws Exception {
        PageCache<String> cache = new PageCache<>(8);
        assertThat(cache.kept("a", 1)).isNull();
        cache.page("a", 1, () -> read(3, "three"));
        assertThat(cache.kept("a", 1)).isNull();
        assertThat(text(cache.kept("a", 3))).isEqualTo("three");
        assertThat(cache.kept("a", 3).tag()).isEqualTo("\"3\"");
        assertThat(cache.kept("a", 4)).isNull();
        assertThat(cache.kept("b", 3)).isNull();
        assertThat(new PageCache<String>(0).kept("a", 3)).isNull();
        // A page still being read is not kept yet: kept() does not wait for it.
        CountDownLatch release = new CountDownLatch(1);
        try (ExecutorService requests = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<PageCache.Page> reading = requests.submit(() -> cache.page("c", 7, () -> {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return read(7, "seven");
            }));
            while (cache.size() < 2) {
                Thread.onSpinWait();
            }
            assertThat(cache.kept("c", 7)).isNull();
            release.countDown();
            assertThat(text(reading.get(5, TimeUnit.SECONDS))).isEqualTo("seven");
        }
        assertThat(text(cache.kept("c", 7))).isEqualTo("seven");
        assertThat(reads).hasValue(2);
    }

    @Test
    void readsOnceForConcurrentRequestsOfOnePage() throws Exception {
        PageCache<String> cache = new PageCache<>(8);
        CountDownLatch reading = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (ExecutorService requests = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<PageCache.Page> first = requests.submit(() -> cache.page("a", 5, () -> {
                reading.countDown();
                awaitQuietly(release);
                return read(5, "five");
            }));
            assertThat(reading.await(5, TimeUnit.SECONDS)).isTrue();
            List<Future<PageCache.Page>> others = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                others.add(requests.submit(() -> cache.page("a", 5, () -> read(5, "not shared"))));
            }
            release.countDown();
            assertThat(text(first.get(5, TimeUnit.SECONDS))).isEqualTo("five");
            for (Future<PageCache.Page> other : others) {
                assertThat(text(other.get(5, TimeUnit.SECONDS))).isEqualTo("five");
            }
        }
        assertThat(reads).hasValue(1);
    }

    @Test
    void keepsNoFailure() {
        PageCache<String> cache = new PageCache<>(8);
        assertThatThrownBy(() -> cache.page("a", 1, () -> {
            throw new IllegalStateException("the database is away");
        })).hasMessage("the database is away");
        assertThat(cache.size()).isZero();
        assertThat(text(cache.page("a", 1, () -> read(1, "one")))).isEqualTo("one");
    }

    @Test
    void staysWithinItsCapacityAndKeepsNothingAtZero() {
        PageCache<Integer> cache = new PageCache<>(4);
        for (int key = 0; key < 20; key++) {
            cache.page(key, 1, () -> read(1, "page"));
            assertThat(cache.size()).isLessThanOrEqualTo(5);
        }
        PageCache<String> none = new PageCache<>(0);
        none.page("a", 1, () -> read(1, "one"));
        none.page("a", 1, () -> read(1, "one"));
        assertThat(none.size()).isZero();
        assertThat(reads).hasValue(22);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
