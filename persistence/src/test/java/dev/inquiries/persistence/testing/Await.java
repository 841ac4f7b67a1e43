package dev.inquiries.persistence.testing;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * The one way persistence tests wait: poll a condition until it holds, or fail saying what did not happen. Limits
 * are generous bounds for a busy machine, never a timing the test asserts.
 */
public final class Await {

    private static final Duration POLL = Duration.ofMillis(50);

    private Await() {
    }

    /** Waits until the condition is true; fails with the description (made when it fails) when it is not within the limit. */
    public static void until(Duration limit, Callable<Boolean> condition, Supplier<String> description) {
        long deadline = System.nanoTime() + limit.toNanos();
        try {
            while (!Boolean.TRUE.equals(condition.call())) {
                if (System.nanoTime() - deadline > 0) {
                    throw new AssertionError("Waited " + limit + " in vain: " + description.get());
                }
                Thread.sleep(POLL);
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted while waiting: " + description.get(), interrupted);
        } catch (AssertionError | RuntimeException failure) {
            throw failure;
        } catch (Exception failure) {
            throw new AssertionError("Failed while waiting: " + description.get(), failure);
        }
    }
}
