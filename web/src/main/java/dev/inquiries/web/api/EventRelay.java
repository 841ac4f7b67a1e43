package dev.inquiries.web.api;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Semaphore;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import dev.inquiries.persistence.queue.EventSink;
import dev.inquiries.persistence.queue.EventSink.Ending;
import io.helidon.common.socket.SocketWriterException;
import io.helidon.http.Header;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.sse.SseEvent;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.helidon.webserver.sse.SseSink;

/**
 * The one way the service relays a live stream as Server-Sent Events, whatever its events (the queue's now, the
 * visitor's room later): at most {@code limit} open at once (one more gets 503), the client's {@code Last-Event-ID}
 * handed to the subscription, at most {@code buffer} events held for a client that does not read (one more
 * disconnects it), a comment after each silence of {@code heartbeat}, and the end of the stream when its
 * subscription ends: at once and cleanly when its right lapsed or the server stops, without a further event, not
 * even one already held.
 *
 * @param <E> the stream's events
 */
final class EventRelay<E> {

    private static final HeaderName LAST_EVENT_ID = HeaderNames.create("Last-Event-ID");
    /** Proxies must neither cache the stream nor hold it back to fill a buffer (nginx reads X-Accel-Buffering). */
    private static final Header NO_CACHE = HeaderValues.create(HeaderNames.CACHE_CONTROL, "no-cache");
    private static final Header NO_BUFFERING = HeaderValues.create(HeaderNames.create("X-Accel-Buffering"), "no");
    private static final Pattern POSITION = Pattern.compile("[0-9]{1,18}");

    private final Semaphore streams;
    private final Duration heartbeat;
    private final int buffer;
    private final Function<E, SseEvent> render;
    private final Predicate<E> last;

    /**
     * A relay of at most {@code limit} streams at once, each holding at most {@code buffer} events, writing each
     * event as {@code render} makes it.
     */
    EventRelay(int limit, Duration heartbeat, int buffer, Function<E, SseEvent> render) {
        this(limit, heartbeat, buffer, render, event -> false);
    }

    /**
     * A relay as above whose streams end, cleanly, right after writing an event that {@code last} accepts (a visitor's
     * chat ended: nothing can follow).
     */
    EventRelay(int limit, Duration heartbeat, int buffer, Function<E, SseEvent> render, Predicate<E> last) {
        this.streams = new Semaphore(limit);
        this.heartbeat = heartbeat;
        this.buffer = buffer;
        this.render = render;
        this.last = last;
    }

    /** How a stream subscribes: from the client's last event id, into the sink; it returns how to unsubscribe. */
    @FunctionalInterface
    interface Subscriber<E> {
        Runnable subscribe(OptionalLong lastEventId, EventSink<E> sink);
    }

    /**
     * Relays one stream on the request's own thread until its subscription ends or its client leaves.
     *
     * @throws dev.inquiries.domain.Refusal when {@code limit} streams are open already
     */
    void relay(ServerRequest request, ServerResponse response, Subscriber<E> subscriber) {
        if (!streams.tryAcquire()) {
            throw AccessRefusal.STREAM_LIMIT.refusal();
        }
        try {
            SubscriberQueue<E> queue = new SubscriberQueue<>(buffer);
            Runnable unsubscribe = subscriber.subscribe(lastEventId(request), queue);
            try {
                response.header(NO_CACHE).header(NO_BUFFERING);
                try (SseSink sink = response.sink(SseSink.TYPE)) {
                    write(queue, sink);
                }
            } catch (UncheckedIOException | SocketWriterException gone) {
                // The client went away (Helidon itself reports that as a CloseConnectionException, which passes): there
                // is nothing to answer, Helidon closes the connection without calling the error handlers.
                throw new CloseConnectionException("The live stream's client is gone", gone);
            } finally {
                unsubscribe.run();
                queue.writerDone();
            }
        } finally {
            streams.release();
        }
    }

    /**
     * Writes the queue's events as they come, a comment after each silence of {@code heartbeat}, until the
     * subscription ends. A stream whose right lapsed, or whose server stops, then ends as a response does (the
     * client's next connect is answered 401, 403 or refused); one that fell too far behind has its connection closed.
     */
    private void write(SubscriberQueue<E> queue, SseSink sink) {
        try {
            while (queue.ending().isEmpty()) {
                Optional<E> next = queue.next(heartbeat);
                if (next.isEmpty()) {
                    sink.emit(SseEvent.builder().comment("keep-alive").build());
                } else {
                    sink.emit(render.apply(next.get()));
                    if (last.test(next.get())) {
                        return;
                    }
                }
            }
        } catch (InterruptedException ended) {
            if (queue.ending().filter(why -> why != Ending.OVERFLOWED).isPresent()) {
                return;
            }
            // Nothing more is to be written, and Helidon closes the connection. The flag stays set so that closing the
            // sink cannot block on a client that does not read: the write closes the socket instead.
            Thread.currentThread().interrupt();
            throw new CloseConnectionException("The live stream's subscriber is too far behind, or the server stops",
                    ended);
        }
        if (queue.ending().filter(why -> why == Ending.OVERFLOWED).isPresent()) {
            Thread.currentThread().interrupt();
            throw new CloseConnectionException("The live stream's subscriber is too far behind");
        }
        // Ended without waiting: clear the interrupt that ending sent, so that the response ends cleanly.
        Thread.interrupted();
    }

    /** The position a reconnecting client has read up to; anything but a plain number is none (a reset follows). */
    private static OptionalLong lastEventId(ServerRequest request) {
        Optional<String> value = request.headers().first(LAST_EVENT_ID).map(String::strip);
        return value.filter(text -> POSITION.matcher(text).matches())
                .map(text -> OptionalLong.of(Long.parseLong(text)))
                .orElse(OptionalLong.empty());
    }
}
