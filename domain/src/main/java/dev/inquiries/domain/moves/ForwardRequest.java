package dev.inquiries.domain.moves;

import static dev.inquiries.domain.request.BodyShape.optional;
import static dev.inquiries.domain.request.BodyShape.required;

import java.util.Objects;
import java.util.Optional;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.inquiries.domain.InvalidParametersException;
import dev.inquiries.domain.request.Body;
import dev.inquiries.domain.request.BodyShape;
import dev.inquiries.domain.request.BodyShape.Type;

/**
 * Forwarding a room, the body of {@code POST /api/v1/livechat/room.forward} (Rocket.Chat's
 * {@code LiveChatRoomForwardProps}): to an agent ({@code userId}) or, without one, to a department
 * ({@code departmentId}). Rocket.Chat's schema requires neither; a body without both forwards nowhere, and its
 * transfer then fails ({@code error-forwarding-chat}, after the room's own checks).
 *
 * @param roomId  the room
 * @param target  where it goes
 * @param comment the forward's comment, when given
 */
public record ForwardRequest(String roomId, Target target, Optional<String> comment) {

    private static final BodyShape BODY = BodyShape.of(required("roomId", Type.STRING), optional("userId", Type.ANY),
            optional("departmentId", Type.ANY), optional("comment", Type.ANY), optional("clientAction", Type.ANY));

    /** Where a forwarded room goes. */
    public sealed interface Target {
    }

    /** To this agent, who takes it at once. */
    public record ToAgent(String userId) implements Target {
        public ToAgent {
            Objects.requireNonNull(userId, "userId");
        }
    }

    /** Neither an agent nor a department: the transfer fails once the room is found open. */
    public record Nowhere() implements Target {
    }

    /** To this department's queue. */
    public record ToDepartment(String departmentId) implements Target {
        public ToDepartment {
            Objects.requireNonNull(departmentId, "departmentId");
        }
    }

    public ForwardRequest {
        Objects.requireNonNull(roomId, "roomId");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(comment, "comment");
    }

    /**
     * Parses the body; with both {@code userId} and {@code departmentId} the room goes to the agent, as Rocket.Chat's
     * transfer does.
     *
     * @throws InvalidParametersException for another property, no {@code roomId} or a value of another type
     */
    public static ForwardRequest parse(ObjectNode json) {
        Body body = BODY.check(json);
        Optional<String> userId = NullableValues.text(body, "userId");
        Optional<String> departmentId = NullableValues.text(body, "departmentId");
        Optional<String> comment = NullableValues.text(body, "comment");
        NullableValues.flag(body, "clientAction");
        Target target;
        if (userId.isPresent()) {
            target = new ToAgent(userId.get());
        } else if (departmentId.isPresent()) {
            target = new ToDepartment(departmentId.get());
        } else {
            target = new Nowhere();
        }
        return new ForwardRequest(body.text("roomId"), target, comment);
    }
}
