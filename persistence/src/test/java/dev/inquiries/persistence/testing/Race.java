package dev.inquiries.persistence.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/** Callers released together, each on a (virtual) thread of its own, as the service's requests are. */
public final class Race {

    private Race() {
    }

    /**
     * Runs {@code work(i)} for every i in [0, callers), all started at once (a barrier); the results in i's order.
     *
     * @throws Exception what a caller threw (wrapped), or a timeout after 60 s
     */
    public static <T> List<T> of(int callers, IntFunction<T> work) throws Exception {
        CyclicBarrier start = new CyclicBarrier(callers);
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                int caller = i;
                futures.add(threads.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    return work.apply(caller);
                }));
            }
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get(60, TimeUnit.SECONDS));
            }
            return results;
        }
    }
}
