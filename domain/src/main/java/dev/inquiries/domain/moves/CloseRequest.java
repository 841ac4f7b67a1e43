package dev.inquiries.domain.moves;

import static dev.inquiries.domain.request.BodyShape.optional;
import static dev.inquiries.domain.request.BodyShape.required;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.inquiries.domain.InvalidParametersException;
import dev.inquiries.domain.request.Body;
import dev.inquiries.domain.request.BodyShape;
import dev.inquiries.domain.request.BodyShape.Type;

/**
 * A user closing a room, the body of {@code POST /api/v1/livechat/room.closeByUser} (Rocket.Chat's
 * {@code POSTLivechatRoomCloseByUserParams}; its transcript options are checked as its schema checks them and
 * otherwise ignored, as this service sends no transcripts).
 *
 * @param rid     the room
 * @param comment why, when given (blank counts as none)
 * @param tags    the close's tags, possibly none
 */
public record CloseRequest(String rid, Optional<String> comment, List<String> tags) {

    private static final BodyShape BODY = BodyShape.of(required("rid", Type.STRING), optional("comment", Type.ANY),
            optional("tags", Type.ANY), optional("forceClose", Type.ANY), optional("generateTranscriptPdf", Type.ANY),
            optional("transcriptEmail", Type.object(BodyShape.of(required("sendToVisitor", Type.ANY),
                    optional("requestData",
                            Type.object(BodyShape.of(required("email", Type.STRING), required("subject", Type.STRING))))))));

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
        // Rocket.Chat's transcript options: checked as its schema checks them, and nothing more (no transcripts here).
        NullableValues.flag(body, "generateTranscriptPdf");
        if (body.json("transcriptEmail") != null && !body.object("transcriptEmail").json("sendToVisitor").isBoolean()) {
            throw new InvalidParametersException("transcriptEmail.sendToVisitor must be boolean");
        }
        return new CloseRequest(body.text("rid"), NullableValues.text(body, "comment"), NullableValues.texts(body, "tags"));
    }
}
