package dev.inquiries.domain.moves;

import static dev.inquiries.domain.request.BodyShape.optional;
import static dev.inquiries.domain.request.BodyShape.required;

import java.util.Objects;
import java.util.Optional;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.inquiries.domain.request.BodyShape;
import dev.inquiries.domain.request.BodyShape.Type;

/**
 * Putting a served room back in the queue, the body of {@code POST /api/v1/livechat/inquiries.returnAsInquiry}
 * ({@code {"roomId", "departmentId"?}}, no other property).
 *
 * @param roomId       the room
 * @param departmentId the department whose queue it goes to, or empty for its own
 */
public record ReturnRequest(String roomId, Optional<String> departmentId) {

    private static final BodyShape BODY = BodyShape.of(required("roomId", Type.STRING), optional("departmentId", Type.ANY));

    public ReturnRequest {
        Objects.requireNonNull(roomId, "roomId");
        Objects.requireNonNull(departmentId, "departmentId");
    }

    /**
     * Parses the body.
     *
     * @throws dev.inquiries.domain.InvalidParametersException for another property, no {@code roomId}, or a value
     *                                                         that is not a string
     */
    public static ReturnRequest parse(ObjectNode json) {
        return BODY.parse(json, body -> new ReturnRequest(body.text("roomId"), NullableValues.text(body, "departmentId")));
    }
}
