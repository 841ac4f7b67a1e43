package dev.inquiries.web.api;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import dev.inquiries.persistence.queue.EventSink;

/**
 * One subscriber's events between the feed's thread and the thread writing its stream: bounded, so that a
 * subscriber that does not read costs at most {@code capacity} events. When the feed ends the subscription, the
 * writer is interrupted: a writer waiting for an event wakes at once; a virtual thread blocked writing to a socket
 * (a subscriber that does not read) has the socket closed, which ends the connection.
 *
 * @param <E> the stream's events
 */
final class SubscriberQueue<E> implements EventSink<E> {

    private final BlockingQueue<E> events;
    private final Thread writer;
    private volatile Ending ending;
    /** Whether the writer still writes this stream; guarded by this queue's lock, as is the interrupt. */
    private boolean writing = true;

    /** A queue whose events the current thread writes. */
    SubscriberQueue(int capacity) {
        this.events = new ArrayBlockingQueue<>(capacity);
        this.writer = Thread.currentThread();
    }

    @Override
    public boolean offer(E event) {
        return events.offer(event);
    }

    @Override
    public synchronized void ended(Ending why) {
        ending = why;
        if (writing) {
            writer.interrupt();
        }
    }

    /** Why the feed ended the subscription; empty while it goes on. */
    Optional<Ending> ending() {
        return Optional.ofNullable(ending);
    }

    /** The writer is done with this queue: an ending from now on must not interrupt it (it may serve another request). */
    synchronized void writerDone() {
        writing = false;
        if (ending != null) {
            Thread.interrupted();
        }
    }

    /**
     * The next event, or empty when none came within the wait.
     *
     * @throws InterruptedException when the subscription ended (or the thread was interrupted) while waiting
     */
    Optional<E> next(Duration wait) throws InterruptedException {
        return Optional.ofNullable(events.poll(wait.toNanos(), TimeUnit.NANOSECONDS));
    }
}
