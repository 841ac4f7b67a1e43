package dev.inquiries.domain.visitor;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import dev.inquiries.domain.request.Query;
import dev.inquiries.domain.request.QueryShape;
import dev.inquiries.domain.request.Wording;

/**
 * A visitor asking for its chat: the query of {@code GET /api/v1/livechat/room}, in the words of Rocket.Chat's
 * {@code check()} of it ({@code Match error: Unknown key in field x}, no errorType), with the enterprise edition's
 * {@code priority} and {@code sla}.
 *
 * @param token    the visitor's token
 * @param rid      the room asked for, or empty for the visitor's open one (or a new one)
 * @param agentId  the agent a new chat is routed to, if it is an agent of the chat's department
 * @param priority a priority for a new chat, by id or name
 * @param sla      an SLA for a new chat, by id or name
 */
public record RoomRequest(String token, Optional<String> rid, Optional<String> agentId, Optional<String> priority,
                          Optional<String> sla) {

    private static final QueryShape QUERY = QueryShape.of(Wording.MATCH, "token", "rid", "agentId", "priority", "sla");

    public RoomRequest {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(rid, "rid");
        Objects.requireNonNull(agentId, "agentId");
        Objects.requireNonNull(priority, "priority");
        Objects.requireNonNull(sla, "sla");
    }

    /**
     * Parses the query parameters.
     *
     * @throws dev.inquiries.domain.Refusal a Match error for another name or no {@code token}; {@code invalid-params}
     *                                      for a name given twice
     */
    public static RoomRequest parse(Map<String, List<String>> parameters) {
        Query query = QUERY.check(parameters);
        return new RoomRequest(query.required("token"), query.value("rid"), query.value("agentId"),
                query.value("priority"), query.value("sla"));
    }
}
