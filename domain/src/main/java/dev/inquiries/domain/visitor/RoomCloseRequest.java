package dev.inquiries.domain.visitor;

import static dev.inquiries.domain.request.BodyShape.required;

import java.util.Objects;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.inquiries.domain.request.Body;
import dev.inquiries.domain.request.BodyShape;
import dev.inquiries.domain.request.BodyShape.Type;

/**
 * A visitor ending its chat: the body of {@code POST /api/v1/livechat/room.close} (Rocket.Chat's
 * {@code POSTLivechatRoomCloseParams}: both required, no other property, ajv's words).
 *
 * @param token the visitor's token
 * @param rid   the room to close
 */
public record RoomCloseRequest(String token, String rid) {

    private static final BodyShape BODY = BodyShape.of(required("token", Type.STRING), required("rid", Type.STRING));

    public RoomCloseRequest {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(rid, "rid");
    }

    /**
     * Parses the body.
     *
     * @throws dev.inquiries.domain.InvalidParametersException for another property, a missing one, or a non-string
     */
    public static RoomCloseRequest parse(ObjectNode json) {
        Body body = BODY.check(json);
        return new RoomCloseRequest(body.text("token"), body.text("rid"));
    }
}
