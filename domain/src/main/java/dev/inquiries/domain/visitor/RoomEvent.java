package dev.inquiries.domain.visitor;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * What a visitor's {@code room.stream} tells it (CONTRACT.md, "Queue position for the visitor"): its place in the
 * queue while it waits, the agent that took or was given its chat, and the chat's end (after which the stream ends).
 */
public sealed interface RoomEvent {

    /**
     * {@code queueData}: the chat's 1-based place in its queue, in queue order, and the estimate of its wait in
     * seconds when there is data to make one.
     */
    record QueueData(long spot, OptionalLong estimatedWaitSeconds) implements RoomEvent {
        public QueueData {
            if (spot < 1) {
                throw new IllegalArgumentException("A spot is 1-based, not " + spot);
            }
            Objects.requireNonNull(estimatedWaitSeconds, "estimatedWaitSeconds");
        }
    }

    /** {@code agentData}: the agent now serving the chat. */
    record AgentData(String id, String username) implements RoomEvent {
        public AgentData {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(username, "username");
        }
    }

    /** {@code closed}: the chat ended; nothing follows. */
    record Closed() implements RoomEvent {
    }
}
