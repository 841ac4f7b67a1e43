package dev.inquiries.domain.ordering;

import static dev.inquiries.domain.request.BodyShape.required;

import java.util.Objects;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.inquiries.domain.request.BodyShape;
import dev.inquiries.domain.request.BodyShape.Type;

/**
 * The body of {@code POST /api/v1/livechat/room/:rid/priority} (Rocket.Chat's {@code POSTLivechatRoomPriorityParams}).
 *
 * @param priorityId the priority the room gets
 */
public record RoomPriorityRequest(String priorityId) {

    private static final BodyShape BODY = BodyShape.of(required("priorityId", Type.STRING));

    public RoomPriorityRequest {
        Objects.requireNonNull(priorityId, "priorityId");
    }

    /**
     * Parses the body.
     *
     * @throws dev.inquiries.domain.InvalidParametersException for another property, none, or a non-string
     */
    public static RoomPriorityRequest parse(ObjectNode json) {
        return new RoomPriorityRequest(BODY.check(json).text("priorityId"));
    }
}
