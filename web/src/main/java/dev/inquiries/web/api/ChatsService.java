package dev.inquiries.web.api;

import dev.inquiries.domain.Paging;
import dev.inquiries.domain.Permission;
import dev.inquiries.domain.Principal;
import dev.inquiries.domain.moves.CloseRequest;
import dev.inquiries.domain.moves.ForwardRequest;
import dev.inquiries.domain.moves.ReturnRequest;
import dev.inquiries.domain.moves.RoomListRequest;
import dev.inquiries.persistence.chat.ChatMoves;
import dev.inquiries.persistence.chat.RoomList;
import dev.inquiries.web.api.json.MoveJson;
import dev.inquiries.web.api.json.RoomJson;
import io.helidon.http.Method;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * A chat after its take, mounted at {@code /api/v1/livechat}: a user closes it ({@code room.closeByUser}), puts it
 * back in the queue ({@code inquiries.returnAsInquiry}) or forwards it to an agent or a department
 * ({@code room.forward}); and the rooms list ({@code livechat/rooms}). The caller's permission is checked first, then
 * the body or parameters; each move's own rules are decided by its one statement ({@link ChatMoves}).
 *
 * <pre>
 * curl -H "X-User-Id: $USER_ID" -H "X-Auth-Token: $TOKEN" -H 'Content-Type: application/json' \
 *      -d '{"rid":"ROOM","comment":"Solved"}' http://localhost:3000/api/v1/livechat/room.closeByUser
 * </pre>
 *
 * @param paging                 the paging rules of the rooms list
 * @param commentRequiredOnClose whether closing needs a comment ({@code Livechat_request_comment_when_closing_conversation})
 */
public record ChatsService(Authenticator authenticator, ChatMoves moves, RoomList rooms, Paging paging,
                           boolean commentRequiredOnClose) implements HttpService {

    @Override
    public void routing(HttpRules rules) {
        Endpoints.only(rules, Method.POST, "/room.closeByUser", this::closeByUser);
        Endpoints.only(rules, Method.POST, "/inquiries.returnAsInquiry", this::returnAsInquiry);
        Endpoints.only(rules, Method.POST, "/room.forward", this::forward);
        Endpoints.only(rules, Method.GET, "/rooms", this::rooms);
    }

    /**
     * A page of rooms: every room for a holder of view-livechat-rooms (a restricted monitor: of its departments), the
     * rooms it serves for a holder of view-l-room alone (an agent).
     */
    private void rooms(ServerRequest request, ServerResponse response) {
        Principal caller = authenticator.require(request, Permission.VIEW_LIVECHAT_ROOMS, Permission.VIEW_L_ROOM);
        boolean all = caller.has(Permission.VIEW_LIVECHAT_ROOMS);
        RoomListRequest list = RoomListRequest.parse(QueryParameters.of(request.query()), paging);
        Endpoints.sendJson(response, RoomJson.page(rooms.page(caller.userId(), !all, list)));
    }

    /** {@code {"rid","comment"?,"tags"?}}: closes the room the caller serves, or may close for others. */
    private void closeByUser(ServerRequest request, ServerResponse response) {
        Principal caller = authenticator.require(request, Permission.CLOSE_LIVECHAT_ROOM);
        CloseRequest close = CloseRequest.parse(JsonRequests.object(request));
        moves.close(caller.userId(), close, commentRequiredOnClose);
        Endpoints.sendJson(response, MoveJson.done());
    }

    /** {@code {"roomId","departmentId"?}}: puts the served room back in the queue; {@code result} false when unserved. */
    private void returnAsInquiry(ServerRequest request, ServerResponse response) {
        Principal caller = authenticator.require(request, Permission.VIEW_L_ROOM);
        ReturnRequest returning = ReturnRequest.parse(JsonRequests.object(request));
        Endpoints.sendJson(response, MoveJson.result(moves.returnToQueue(caller.userId(), returning)));
    }

    /** {@code {"roomId","userId"?,"departmentId"?,"comment"?}}: forwards the room; needs transfer-livechat-guest too. */
    private void forward(ServerRequest request, ServerResponse response) {
        Principal caller = authenticator.require(request, Permission.VIEW_L_ROOM);
        if (!caller.has(Permission.TRANSFER_LIVECHAT_GUEST)) {
            throw AccessRefusal.PERMISSION_DENIED.refusal();
        }
        ForwardRequest forward = ForwardRequest.parse(JsonRequests.object(request));
        moves.forward(caller.userId(), forward);
        Endpoints.sendJson(response, MoveJson.done());
    }
}
