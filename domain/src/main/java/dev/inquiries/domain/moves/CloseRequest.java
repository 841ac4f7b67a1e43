package dev.inquiries.domain.moves;

import static dev.inquiries.domain.request.BodyShape.optional;
import static dev.inquiries.domain.request.BodyShape.required;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.inquiries.domain.request.Body;
import dev.inquiries.domain.request.BodyShape;
import dev.inquiries.domain.request.BodyShape.Type;

/**
 * A user closing a room, the body of {@code POST /api/v1/livechat/room.closeByUser} (Rocket.Chat's
 * {@code POSTLivechatRoomCloseByUserParams} without its transcript options, which this service does not send).
 *
 * @param rid     the room
 * @param comment why, when given (blank counts as none)
 * @param tags    the close's tags, possibly none
 */
public record CloseRequest(String rid, Optional<String> comment, List<String> tags) {

    private static final BodyShape BODY = BodyShape.of(required("rid", Type.STRING), optional("comment", Type.ANY),
            optional("tags", Type.ANY), optional("forceClose", Type.ANY));

    public CloseRequest {
        Objects.requireNonNull(rid, "rid");
        comment = comment.filter(text -> !text.isBlank());
        tags = List.copyOf(tags);
    }

    /**
     * Parses the body.
     *
     * @throws dev.inquiries.domain.InvalidParametersException for another property, no {@code rid}, or a value of
     *                                                         another type
     */
    public static CloseRequest parse(ObjectNode json) {
        Body body = BODY.check(json);
        NullableValues.flag(body, "forceClose");
        return new CloseRequest(body.text("rid"), NullableValues.text(body, "comment"), NullableValues.texts(body, "tags"));
    }
}
