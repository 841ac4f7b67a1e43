package dev.inquiries.web.api;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.inquiries.domain.visitor.RoomEvent;
import dev.inquiries.domain.visitor.RoomStreamRequest;
import dev.inquiries.persistence.chat.ChatIntake;
import dev.inquiries.persistence.queue.RoomStreamFeed;
import dev.inquiries.web.api.json.RoomEventJson;
import io.helidon.http.Method;
import io.helidon.http.sse.SseEvent;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * A visitor following its chat, {@code GET /api/v1/livechat/room.stream?token=T&rid=R} (CONTRACT.md, "Queue position
 * for the visitor"): Server-Sent Events from the instance's {@link RoomStreamFeed} — {@code queueData} while the chat
 * waits and whenever its spot or estimate changes, {@code agentData} when an agent takes it or is given it,
 * {@code closed} when it ends, after which the stream ends. Like the other visitor endpoints it takes no user headers:
 * only the token of the room's own visitor opens it, checked (as {@code livechat/room} checks a rid) before the stream
 * starts. Relayed by an {@link EventRelay} of its own: at most {@code stream.rooms.limit} at once, and at most
 * {@code stream.rooms.address.limit} per client address.
 *
 * <pre>
 * curl -N 'http://localhost:3000/api/v1/livechat/room.stream?token=my-token&amp;rid=ROOM_ID'
 * </pre>
 */
public final class RoomStreamService implements HttpService {

    private final ChatIntake intake;
    private final RoomStreamFeed feed;
    private final ClientAddress clientAddress;
    private final int perAddress;
    private final EventRelay<RoomEvent> relay;
    /** Room streams open per client address (an entry only while one is). */
    private final Map<String, Integer> open = new ConcurrentHashMap<>();

    /**
     * A service over the feed.
     *
     * @param limit          room streams open at once
     * @param perAddress     room streams open at once per client address
     * @param heartbeat      the longest silence before a comment line
     * @param buffer         events held per subscriber
     * @param waitingMessage the text of queueInfo's message
     */
    public RoomStreamService(ChatIntake intake, RoomStreamFeed feed, ClientAddress clientAddress, int limit, int perAddress,
                             Duration heartbeat, int buffer, String waitingMessage) {
        this.intake = intake;
        this.feed = feed;
        this.clientAddress = clientAddress;
        this.perAddress = perAddress;
        this.relay = new EventRelay<>(limit, heartbeat, buffer, event -> SseEvent.builder()
                .name(RoomEventJson.name(event))
                .data(RoomEventJson.data(event, waitingMessage))
                .build(), RoomEvent.Closed.class::isInstance);
    }

    @Override
    public void routing(HttpRules rules) {
        Endpoints.only(rules, Method.GET, "/room.stream", this::stream);
    }

    /** Parameters, then the visitor and its open room, then the address's share, then the stream. */
    private void stream(ServerRequest request, ServerResponse response) {
        RoomStreamRequest streamRequest = RoomStreamRequest.parse(QueryParameters.of(request.query()));
        String rid = intake.openRoom(streamRequest.token(), streamRequest.rid()).rid();
        String address = clientAddress.of(request);
        if (open.merge(address, 1, Integer::sum) > perAddress) {
            release(address);
            throw AccessRefusal.ADDRESS_STREAM_LIMIT.refusal();
        }
        try {
            relay.relay(request, response, (lastEventId, sink) -> feed.subscribe(rid, sink)::close);
        } finally {
            release(address);
        }
    }

    private void release(String address) {
        open.computeIfPresent(address, (key, count) -> count > 1 ? count - 1 : null);
    }
}
