package dev.inquiries.web.api;

import dev.inquiries.domain.visitor.ConfigRequest;
import dev.inquiries.domain.visitor.RoomCloseRequest;
import dev.inquiries.domain.visitor.RoomRequest;
import dev.inquiries.domain.visitor.VisitorRegistration;
import dev.inquiries.persistence.chat.ChatIntake;
import dev.inquiries.persistence.chat.VisitorRepository;
import dev.inquiries.web.api.json.RoomJson;
import dev.inquiries.web.api.json.VisitorJson;
import io.helidon.http.Method;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * The visitor's side of a chat, mounted at {@code /api/v1/livechat} (CONTRACT.md, "Visitors: the way in"): a visitor
 * registers ({@code visitor}), opens or finds its chat ({@code room}), ends it ({@code room.close}), and its widget
 * asks whether anyone is there ({@code config}). These endpoints take no user headers, as {@code login} takes none:
 * the visitor is known by the token its client made, and nothing here calls the {@link Authenticator}.
 *
 * <pre>
 * curl -H 'Content-Type: application/json' -d '{"visitor":{"token":"my-token","name":"Ada"}}' \
 *   http://localhost:3000/api/v1/livechat/visitor
 * curl 'http://localhost:3000/api/v1/livechat/room?token=my-token'
 * </pre>
 */
public final class VisitorsService implements HttpService {

    private final VisitorRepository visitors;
    private final ChatIntake intake;
    private final RateLimits limits;
    private final String waitingMessage;

    /** The visitor endpoints; {@code waitingMessage} is the text of {@code queueInfo.message} in {@code config}. */
    public VisitorsService(VisitorRepository visitors, ChatIntake intake, RateLimits limits, String waitingMessage) {
        this.limits = limits;
        this.waitingMessage = waitingMessage;
        this.visitors = visitors;
        this.intake = intake;
    }

    @Override
    public void routing(HttpRules rules) {
        Endpoints.only(rules, Method.POST, "/visitor", limits.guard("livechat/visitor", this::visitor));
        Endpoints.only(rules, Method.GET, "/room", limits.guard("livechat/room", this::room));
        Endpoints.only(rules, Method.POST, "/room.close", this::close);
        Endpoints.only(rules, Method.GET, "/config", this::config);
    }

    private void visitor(ServerRequest request, ServerResponse response) {
        VisitorRegistration registration = VisitorRegistration.parse(JsonRequests.object(request));
        Endpoints.sendJson(response, VisitorJson.visitor(visitors.register(registration)));
    }

    private void room(ServerRequest request, ServerResponse response) {
        RoomRequest roomRequest = RoomRequest.parse(QueryParameters.of(request.query()));
        Endpoints.sendJson(response, RoomJson.opened(intake.open(roomRequest)));
    }

    private void close(ServerRequest request, ServerResponse response) {
        RoomCloseRequest close = RoomCloseRequest.parse(JsonRequests.object(request));
        Endpoints.sendJson(response, RoomJson.closed(close.rid(), intake.closeByVisitor(close.token(), close.rid())));
    }

    private void config(ServerRequest request, ServerResponse response) {
        ConfigRequest configRequest = ConfigRequest.parse(QueryParameters.of(request.query()));
        Endpoints.sendJson(response, VisitorJson.config(intake.config(configRequest), waitingMessage));
    }
}
