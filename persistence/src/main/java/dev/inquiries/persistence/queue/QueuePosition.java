package dev.inquiries.persistence.queue;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * A queued chat's place, as V39's {@code queue_positions} ranks it.
 *
 * @param rid                  the chat's room
 * @param queue                its queue: its department's id, "" for a chat without one (ranked among all)
 * @param spot                 its 1-based place in that queue, in queue order
 * @param estimatedWaitSeconds the estimate of its wait, when there is data to make one
 */
public record QueuePosition(String rid, String queue, long spot, OptionalLong estimatedWaitSeconds) {

    public QueuePosition {
        Objects.requireNonNull(rid, "rid");
        Objects.requireNonNull(queue, "queue");
        Objects.requireNonNull(estimatedWaitSeconds, "estimatedWaitSeconds");
    }
}
