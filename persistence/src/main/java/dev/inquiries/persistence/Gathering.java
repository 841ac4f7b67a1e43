package dev.inquiries.persistence;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

/**
 * Runs the calls that arrive together as one: each caller hands in its item and waits, and one of the waiting callers
 * at a time (the leader, on its own thread) takes every item waiting, up to a batch's size, runs them through the
 * work in one go, hands each caller its result, and passes the lead to the caller next in line. A caller alone is
 * its own batch of one, at once; under load the batches grow by themselves, with no timer and no thread of its own.
 * Used where one statement and one commit for many callers cost far less than one each (the intake's INSERT: its
 * triggers, routing and commit are paid per statement).
 *
 * <p>The work returns one result per item, in order. When it fails for a batch of several, each item is run again
 * alone, so that one caller's failure is its own; a {@link DatabaseUnavailableException} is everyone's at once.
 *
 * @param <I> what a caller hands in
 * @param <O> what it gets back
 */
public final class Gathering<I, O> {

    private final int batchSize;
    private final Function<List<I>, List<O>> work;
    private final ConcurrentLinkedQueue<Call<I, O>> waiting = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean leading = new AtomicBoolean();

    /**
     * @param batchSize the most items one run of the work takes
     * @param work      runs a batch: one result per item, in the items' order
     */
    public Gathering(int batchSize, Function<List<I>, List<O>> work) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("A batch holds at least one item: " + batchSize);
        }
        this.batchSize = batchSize;
        this.work = work;
    }

    /**
     * The work's result for the item, run with whatever other items wait at the same time.
     *
     * @throws RuntimeException what the work threw for it
     */
    public O call(I item) {
        Call<I, O> call = new Call<>(item, Thread.currentThread());
        waiting.add(call);
        boolean interrupted = false;
        while (true) {
            if (leading.compareAndSet(false, true)) {
                try {
                    runBatch();
                } finally {
                    leading.set(false);
                }
                // The lead passes to the caller first in line; one that came while this led saw it taken and waits.
                Call<I, O> next = waiting.peek();
                if (next != null) {
                    LockSupport.unpark(next.caller);
                }
            }
            if (call.done) {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
                return call.result();
            }
            LockSupport.park(this);
            // The item may be running already: the call waits for it, and keeps the interrupt for its caller.
            interrupted |= Thread.interrupted();
        }
    }

    private void runBatch() {
        List<Call<I, O>> batch = new ArrayList<>();
        for (Call<I, O> call = waiting.poll(); call != null; call = batch.size() < batchSize ? waiting.poll() : null) {
            batch.add(call);
        }
        if (batch.isEmpty()) {
            return;
        }
        try {
            List<O> results = work.apply(batch.stream().map(Call::item).toList());
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).succeed(results.get(i));
            }
        } catch (RuntimeException | Error failure) {
            if (batch.size() == 1 || failure instanceof DatabaseUnavailableException || failure instanceof Error) {
                batch.forEach(call -> call.fail(failure));
                return;
            }
            for (Call<I, O> call : batch) {
                try {
                    call.succeed(work.apply(List.of(call.item())).getFirst());
                } catch (RuntimeException | Error alone) {
                    call.fail(alone);
                }
            }
        }
    }

    /** One caller's item, and once done its result or failure. */
    private static final class Call<I, O> {

        private final I item;
        private final Thread caller;
        private O result;
        private Throwable failure;
        private volatile boolean done;

        Call(I item, Thread caller) {
            this.item = item;
            this.caller = caller;
        }

        I item() {
            return item;
        }

        void succeed(O value) {
            result = value;
            done = true;
            LockSupport.unpark(caller);
        }

        void fail(Throwable thrown) {
            failure = thrown;
            done = true;
            LockSupport.unpark(caller);
        }

        O result() {
            if (failure instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (failure instanceof Error error) {
                throw error;
            }
            return result;
        }
    }
}
