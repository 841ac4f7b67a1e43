package dev.inquiries.domain.visitor;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.inquiries.domain.request.Query;
import dev.inquiries.domain.request.QueryShape;
import dev.inquiries.domain.request.Wording;

/**
 * A visitor following its chat: the query of {@code GET /api/v1/livechat/room.stream}, checked as {@code livechat/room}
 * checks its own ({@code Match error: Unknown key in field x}). A missing token names no visitor and a missing room
 * none of its rooms: the contract's {@code invalid-token} and {@code invalid-room}, as a wrong one.
 *
 * @param token the visitor's token ("" when none was given)
 * @param rid   the room to follow ("" when none was given)
 */
public record RoomStreamRequest(String token, String rid) {

    private static final QueryShape QUERY = QueryShape.of(Wording.MATCH, "token", "rid");

    public RoomStreamRequest {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(rid, "rid");
    }

    /**
     * Parses the query parameters.
     *
     * @throws dev.inquiries.domain.Refusal a Match error for another name; {@code invalid-params} for a name given twice
     */
    public static RoomStreamRequest parse(Map<String, List<String>> parameters) {
        Query query = QUERY.check(parameters);
        return new RoomStreamRequest(query.value("token").orElse(""), query.value("rid").orElse(""));
    }
}
