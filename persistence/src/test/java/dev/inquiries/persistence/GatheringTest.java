package dev.inquiries.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.inquiries.persistence.testing.Race;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/**
 * {@link Gathering}: callers released together are served in shared batches, each gets its own result (never
 * another's, never none), and one caller's failure stays its own.
 */
class GatheringTest {

    private static final int CALLERS = 50;

    @RepeatedTest(5)
    void callersReleasedTogetherShareBatchesAndEachGetsItsOwnResult() throws Exception {
        List<Integer> batchSizes = new CopyOnWriteArrayList<>();
        Gathering<Integer, String> gathering = new Gathering<>(8, items -> {
            batchSizes.add(items.size());
            pause(2);
            return items.stream().map(item -> "done " + item).toList();
        });

        List<String> results = Race.of(CALLERS, gathering::call);

        List<String> expected = new ArrayList<>();
        for (int i = 0; i < CALLERS; i++) {
            expected.add("done " + i);
        }
        assertThat(results).containsExactlyElementsOf(expected);
        assertThat(batchSizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(CALLERS);
        assertThat(batchSizes).allMatch(size -> size >= 1 && size <= 8);
        assertThat(batchSizes.size()).as("batches for %d callers: %s", CALLERS, batchSizes).isLessThan(CALLERS);
    }

    @Test
    void aCallerAloneIsABatchOfOneAtOnce() {
        List<List<String>> batches = new CopyOnWriteArrayList<>();
        Gathering<String, Integer> gathering = new Gathering<>(64, items -> {
            batches.add(items);
            return items.stream().map(String::length).toList();
        });

        assertThat(gathering.call("abc")).isEqualTo(3);
        assertThat(gathering.call("de")).isEqualTo(2);
        assertThat(batches).containsExactly(List.of("abc"), List.of("de"));
    }

    @Test
    void aFailingItemFailsOnlyItsCallerAndTheOthersOfItsBatchAreServedAlone() throws Exception {
        CountDownLatch firstRunning = new CountDownLatch(1);
        CountDownLatch othersWaiting = new CountDownLatch(1);
        List<List<Integer>> batches = new CopyOnWriteArrayList<>();
        Gathering<Integer, Integer> gathering = new Gathering<>(16, items -> {
            batches.add(items);
            if (items.equals(List.of(-1))) {
                firstRunning.countDown();
                await(othersWaiting);
            }
            if (items.contains(13)) {
                throw new IllegalArgumentException("13 refused");
            }
            return items.stream().map(item -> item * 2).toList();
        });
        ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
        try {
            // The first caller leads a batch of itself and holds it while the others line up behind it.
            Future<Integer> first = threads.submit(() -> gathering.call(-1));
            firstRunning.await(10, TimeUnit.SECONDS);
            CountDownLatch othersCalling = new CountDownLatch(4);
            List<Future<Integer>> others = new ArrayList<>();
            for (int item : List.of(11, 12, 13, 14)) {
                others.add(threads.submit(() -> {
                    othersCalling.countDown();
                    return gathering.call(item);
                }));
            }
            othersCalling.await(10, TimeUnit.SECONDS);
            // Time for the last of them to line up behind the first batch.
            pause(200);
            othersWaiting.countDown();

            assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(-2);
            assertThat(others.get(0).get(10, TimeUnit.SECONDS)).isEqualTo(22);
            assertThat(others.get(1).get(10, TimeUnit.SECONDS)).isEqualTo(24);
            assertThatThrownBy(() -> others.get(2).get(10, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(IllegalArgumentException.class).hasRootCauseMessage("13 refused");
            assertThat(others.get(3).get(10, TimeUnit.SECONDS)).isEqualTo(28);
            // The four lined up as one batch, which failed; then each ran alone, in the batch's order.
            assertThat(batches).hasSize(6);
            assertThat(batches.get(0)).containsExactly(-1);
            assertThat(batches.get(1)).containsExactlyInAnyOrder(11, 12, 13, 14);
            assertThat(batches.subList(2, 6)).containsExactlyElementsOf(
                    batches.get(1).stream().map(List::of).toList());
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void anUnavailableDatabaseFailsTheWholeBatchWithoutRunningItAgainPerItem() throws Exception {
        List<List<Integer>> batches = new CopyOnWriteArrayList<>();
        Gathering<Integer, Integer> gathering = new Gathering<>(64, items -> {
            batches.add(items);
            pause(50);
            throw new DatabaseUnavailableException("down", "test", null);
        });

        List<String> outcomes = Race.of(10, item -> {
            try {
                return "served " + gathering.call(item);
            } catch (DatabaseUnavailableException unavailable) {
                return "unavailable";
            }
        });

        assertThat(outcomes).containsOnly("unavailable").hasSize(10);
        assertThat(batches.stream().mapToInt(List::size).sum()).isEqualTo(10);
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
