package dev.inquiries.domain.ordering;

import java.util.Objects;
import java.util.Optional;

/**
 * A chat's place in the Priority and SLAs queue orders (Rocket.Chat's {@code priorityId}, {@code priorityWeight},
 * {@code slaId}, {@code estimatedWaitingTimeQueue}): the weight is its priority's sortItem, the estimate its SLA's due
 * time in minutes; lower comes first.
 *
 * @param priorityId                its priority, if any
 * @param priorityWeight            its priority's sortItem, {@link #NO_PRIORITY_WEIGHT} without one
 * @param slaId                     its SLA, if any
 * @param estimatedWaitingTimeQueue its SLA's due time in minutes, {@link #NO_SLA_WAITING_TIME} without one
 */
public record OrderingFields(Optional<String> priorityId, int priorityWeight, Optional<String> slaId,
                             int estimatedWaitingTimeQueue) {

    /** The weight of a chat without a priority: after every priority. */
    public static final int NO_PRIORITY_WEIGHT = 99;
    /** The estimate of a chat without an SLA: after every SLA. */
    public static final int NO_SLA_WAITING_TIME = 9_999_999;
    /** A chat with neither. */
    public static final OrderingFields NONE =
            new OrderingFields(Optional.empty(), NO_PRIORITY_WEIGHT, Optional.empty(), NO_SLA_WAITING_TIME);

    public OrderingFields {
        Objects.requireNonNull(priorityId, "priorityId");
        Objects.requireNonNull(slaId, "slaId");
    }
}
