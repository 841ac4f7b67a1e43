package dev.inquiries.persistence.testing;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/** The one way tests wait: poll a condition every few milliseconds until it holds, or fail saying what did not happen. */
public final class Await {

    private static final Duration POLL = Duration.ofMillis(10);

    private Await() {
    }

    /** Waits until the condition is true; fails with the description when it is not within the limit. */
    public static void until(Duration limit, Callable<Boolean> condition, String description) {
        until(limit, condition, () -> description);
    }

    /** As {@link #until(Duration, Callable, String)}, with a description made when it fails (it may ask for state). */
    public static void until(Duration limit, Callable<Boolean> condition, Supplier<String> description) {
        value(limit, () -> condition.call() ? Optional.of(true) : Optional.empty(), description);
    }

    /** Waits until the probe finds a value and returns it; fails with the description when it finds none in time. */
    public static <T> T value(Duration limit, Callable<Optional<T>> probe, Supplier<String> description) {
        long deadline = System.nanoTime() + limit.toNanos();
        try {
            while (true) {
                Optional<T> found = probe.call();
                if (found.isPresent()) {
                    return found.get();
                }
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
