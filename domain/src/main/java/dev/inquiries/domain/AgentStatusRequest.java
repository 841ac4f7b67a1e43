package dev.inquiries.domain;

import java.util.Objects;
import java.util.Optional;

/**
 * A request to set an agent's status, the body of {@code POST /api/v1/livechat/agent.status}.
 *
 * @param status  the status to set, or empty to toggle it
 * @param agentId whose status, or empty for the caller's own
 */
public record AgentStatusRequest(Optional<LivechatStatus> status, Optional<String> agentId) {

    public AgentStatusRequest {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(agentId, "agentId");
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
