package dev.inquiries.web.api;

import java.time.Duration;

import dev.inquiries.domain.Credentials;
import dev.inquiries.domain.InquiryStreamRequest;
import dev.inquiries.domain.Principal;
import dev.inquiries.domain.QueueAudience;
import dev.inquiries.domain.QueueEvent;
import dev.inquiries.persistence.queue.QueueChangeFeed;
import dev.inquiries.web.api.json.StreamEventJson;
import io.helidon.http.Method;
import io.helidon.http.sse.SseEvent;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * The live queue, {@code GET /api/v1/livechat/inquiries.stream}: Server-Sent Events of the changes to the queue
 * that {@code inquiries.list} ({@code of=list}) or {@code inquiries.queuedForUser} ({@code of=queuedForUser})
 * shows the caller, from the instance's {@link QueueChangeFeed}, relayed by an {@link EventRelay}: each stream holds
 * its own virtual thread and at most {@code stream.buffer} events; at most {@code stream.limit} streams are open at
 * once.
 *
 * <pre>
 * curl -N -H "X-User-Id: $USER_ID" -H "X-Auth-Token: $TOKEN" 'http://localhost:3000/api/v1/livechat/inquiries.stream'
 * </pre>
 */
public final class StreamService implements HttpService {

    private final Authenticator authenticator;
    private final QueueChangeFeed feed;
    private final EventRelay<QueueEvent> relay;

    /**
     * A service over the feed.
     *
     * @param limit     streams open at once
     * @param heartbeat the longest silence before a comment line
     * @param buffer    events held per subscriber
     */
    public StreamService(Authenticator authenticator, QueueChangeFeed feed, int limit, Duration heartbeat, int buffer) {
        this.authenticator = authenticator;
        this.feed = feed;
        this.relay = new EventRelay<>(limit, heartbeat, buffer, StreamService::render);
    }

    @Override
    public void routing(HttpRules rules) {
        Endpoints.only(rules, Method.GET, "/inquiries.stream", this::stream);
    }

    /** Caller, then parameters, then the permission of the list the stream mirrors, then its filter. */
    private void stream(ServerRequest request, ServerResponse response) {
        Credentials credentials = authenticator.credentials(request);
        Principal caller = authenticator.authenticate(request);
        InquiryStreamRequest streamRequest = InquiryStreamRequest.parse(QueryParameters.of(request.query()));
        if (!caller.has(streamRequest.view().permission())) {
            throw AccessRefusal.PERMISSION_DENIED.refusal();
        }
        QueueAudience audience = feed.audience(caller.userId(), streamRequest);
        relay.relay(request, response, (lastEventId, sink) -> feed.subscribe(audience, credentials, lastEventId, sink)::close);
    }

    private static SseEvent render(QueueEvent event) {
        return SseEvent.builder()
                .name(event.type().wireName())
                .id(String.valueOf(event.position()))
                .data(StreamEventJson.data(event))
                .build();
    }
}
