package dev.inquiries.web.api;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Semaphore;
import java.util.regex.Pattern;

import dev.inquiries.domain.Credentials;
import dev.inquiries.domain.InquiryStreamRequest;
import dev.inquiries.domain.Principal;
import dev.inquiries.domain.QueueAudience;
import dev.inquiries.domain.QueueEvent;
import dev.inquiries.persistence.queue.QueueChangeFeed;
import dev.inquiries.persistence.queue.QueueChangeFeed.Ending;
import dev.inquiries.persistence.queue.QueueChangeFeed.Subscription;
import io.helidon.common.socket.SocketWriterException;
import io.helidon.http.Header;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Method;
import io.helidon.http.sse.SseEvent;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.helidon.webserver.sse.SseSink;

/**
 * The live queue, {@code GET /api/v1/livechat/inquiries.stream}: Server-Sent Events of the changes to the queue
 * that {@code inquiries.list} ({@code of=list}) or {@code inquiries.queuedForUser} ({@code of=queuedForUser})
 * shows the caller, from the instance's {@link QueueChangeFeed}. Each stream holds its own virtual thread and at
 * most {@code stream.buffer} events; at most {@code stream.limit} streams are open at once.
 *
 * <pre>
 * curl -N -H "X-User-Id: $USER_ID" -H "X-Auth-Token: $TOKEN" 'http://localhost:3000/api/v1/livechat/inquiries.stream'
 * </pre>
 */
public final class StreamService implements HttpService {

    private static final HeaderName LAST_EVENT_ID = HeaderNames.create("Last-Event-ID");
    /** Proxies must neither cache the stream nor hold it back to fill a buffer (nginx reads X-Accel-Buffering). */
    private static final Header NO_CACHE = HeaderValues.create(HeaderNames.CACHE_CONTROL, "no-cache");
    private static final Header NO_BUFFERING = HeaderValues.create(HeaderNames.create("X-Accel-Buffering"), "no");
    private static final Pattern POSITION = Pattern.compile("[0-9]{1,18}");

    private final Authenticator authenticator;
    private final QueueChangeFeed feed;
    private final Duration heartbeat;
    private final int buffer;
    private final Semaphore streams;

    /**
     * A service over the feed (which it closes when the server stops).
     *
     * @param limit     streams open at once
     * @param heartbeat the longest silence before a comment line
     * @param buffer    events held per subscriber
     */
    public StreamService(Authenticator authenticator, QueueChangeFeed feed, int limit, Duration heartbeat, int buffer) {
        this.authenticator = authenticator;
        this.feed = feed;
        this.heartbeat = heartbeat;
        this.buffer = buffer;
        this.streams = new Semaphore(limit);
    }

    @Override
    public void routing(HttpRules rules) {
        Endpoints.only(rules, Method.GET, "/inquiries.stream", this::stream);
    }

    @Override
    public void beforeStart() {
        feed.start();
    }

    /**
     * Ends every open stream, and every one opened from now on at once: call it when the server begins to stop,
     * so that streams do not hold it for its grace period (requests in flight still finish).
     */
    public void stopStreams() {
        feed.stopStreams();
    }

    @Override
    public void afterStop() {
        feed.close();
    }

    /** Caller, then parameters, then the permission of the list the stream mirrors, then its filter. */
    private void stream(ServerRequest request, ServerResponse response) {
        Credentials credentials = authenticator.credentials(request);
        Principal caller = authenticator.authenticate(request);
        InquiryStreamRequest streamRequest = InquiryStreamRequest.parse(QueryParameters.of(request.query()));
        if (!caller.has(streamRequest.view().permission())) {
            throw new PermissionDeniedException();
        }
        QueueAudience audience = feed.audience(caller.userId(), streamRequest);
        if (!streams.tryAcquire()) {
            throw new StreamLimitException();
        }
        try {
            SubscriberQueue queue = new SubscriberQueue(buffer);
            Subscription subscription = feed.subscribe(audience, credentials, lastEventId(request), queue);
            try {
                response.header(NO_CACHE).header(NO_BUFFERING);
                try (SseSink sink = response.sink(SseSink.TYPE)) {
                    relay(queue, sink);
                }
            } catch (UncheckedIOException | SocketWriterException gone) {
                // The client went away (Helidon itself reports that as a CloseConnectionException, which passes): there
                // is nothing to answer, Helidon closes the connection without calling the error handlers.
                throw new CloseConnectionException("The live queue's client is gone", gone);
            } finally {
                subscription.close();
                queue.writerDone();
            }
        } finally {
            streams.release();
        }
    }

    /**
     * Writes the queue's events as they come, a comment after each silence of {@code heartbeat}, until the feed ends
     * the subscription. A stream whose right lapsed, or whose server stops, then ends as a response does (the client's
     * next connect is answered 401, 403 or refused) without a further event, not even one already queued.
     */
    private void relay(SubscriberQueue queue, SseSink sink) {
        try {
            while (queue.ending().isEmpty()) {
                Optional<QueueEvent> next = queue.next(heartbeat);
                if (next.isEmpty()) {
                    sink.emit(SseEvent.builder().comment("keep-alive").build());
                } else {
                    QueueEvent event = next.get();
                    sink.emit(SseEvent.builder()
                            .name(event.type().wireName())
                            .id(String.valueOf(event.position()))
                            .data(JsonBodies.streamEvent(event))
                            .build());
                }
            }
        } catch (InterruptedException ended) {
            if (queue.ending().filter(why -> why != Ending.OVERFLOWED).isPresent()) {
                return;
            }
            // Nothing more is to be written, and Helidon closes the connection. The flag stays set so that closing the
            // sink cannot block on a client that does not read: the write closes the socket instead.
            Thread.currentThread().interrupt();
            throw new CloseConnectionException("The live queue's subscriber is too far behind, or the server stops",
                    ended);
        }
        if (queue.ending().filter(why -> why == Ending.OVERFLOWED).isPresent()) {
            Thread.currentThread().interrupt();
            throw new CloseConnectionException("The live queue's subscriber is too far behind");
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
