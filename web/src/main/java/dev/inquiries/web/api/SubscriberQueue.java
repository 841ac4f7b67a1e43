package dev.inquiries.web.api;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import dev.inquiries.domain.QueueEvent;
import dev.inquiries.persistence.QueueChangeFeed.QueueEventSink;

/**
 * One subscriber's events between the feed's thread and the thread writing its stream: bounded, so that a
 * subscriber that does not read costs at most {@code capacity} events. When it overflows, the writer is
 * interrupted: a virtual thread blocked writing to a socket then has the socket closed, which ends the connection.
 */
final class SubscriberQueue implements QueueEventSink {

    private final BlockingQueue<QueueEvent> events;
    private final Thread writer;
    private volatile boolean overflowed;

    /** A queue whose events the current thread writes. */
    SubscriberQueue(int capacity) {
        this.events = new ArrayBlockingQueue<>(capacity);
        this.writer = Thread.currentThread();
    }

    @Override
    public boolean offer(QueueEvent event) {
        return events.offer(event);
    }

    @Override
    public void overflowed() {
        overflowed = true;
        writer.interrupt();
    }

    /** Whether the subscriber fell too far behind and is to be disconnected. */
    boolean hasOverflowed() {
        return overflowed;
    }

    /**
     * The next event, or empty when none came within the wait.
     *
     * @throws InterruptedException when the queue overflowed (or the server stops) while waiting
     */
    Optional<QueueEvent> next(Duration wait) throws InterruptedException {
        return Optional.ofNullable(events.poll(wait.toNanos(), TimeUnit.NANOSECONDS));
    }
}
