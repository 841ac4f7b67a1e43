package dev.inquiries.domain;

import static dev.inquiries.domain.request.BodyShape.optional;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.inquiries.domain.request.BodyShape;
import dev.inquiries.domain.request.BodyShape.Type;

/**
 * A request to set an agent's status, the body of {@code POST /api/v1/livechat/agent.status}.
 *
 * @param status  the status to set, or empty to toggle it
 * @param agentId whose status, or empty for the caller's own
 */
public record AgentStatusRequest(Optional<LivechatStatus> status, Optional<String> agentId) {

    private static final BodyShape BODY = BodyShape.of(
            optional("status", Type.oneOf(Arrays.stream(LivechatStatus.values()).map(LivechatStatus::wireName).toList())),
            optional("agentId", Type.NULLABLE_STRING));

    public AgentStatusRequest {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(agentId, "agentId");
    }

    /**
     * Parses the body, {@code {"status"?: "available"|"not-available", "agentId"?: "..."}}.
     *
     * @throws InvalidParametersException for another property, or a value that is not one of those
     */
    public static AgentStatusRequest parse(ObjectNode json) {
        return BODY.parse(json, body -> new AgentStatusRequest(
                body.optionalText("status").map(status -> LivechatStatus.fromWireName(status).orElseThrow()),
                body.optionalText("agentId")));
    }

    /** The agent whose status changes: the one named, or the caller. */
    public String agentOf(Principal caller) {
        return agentId.orElse(caller.userId());
    }

    /** Whether the caller changes another agent's status, which needs {@link Permission#MANAGE_LIVECHAT_AGENTS}. */
    public boolean concernsAnother(Principal caller) {
        return !agentOf(caller).equals(caller.userId());
    }
}
