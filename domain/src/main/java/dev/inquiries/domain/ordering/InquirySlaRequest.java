package dev.inquiries.domain.ordering;

import static dev.inquiries.domain.request.BodyShape.required;

import java.util.Objects;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.inquiries.domain.request.BodyShape;
import dev.inquiries.domain.request.BodyShape.Type;

/**
 * The body of {@code PUT /api/v1/livechat/inquiry.setSLA}: {@code {"roomId","sla"}}, the SLA by id or name.
 *
 * @param roomId the room of the queued inquiry
 * @param sla    the SLA, by id or name
 */
public record InquirySlaRequest(String roomId, String sla) {

    private static final BodyShape BODY = BodyShape.of(required("roomId", Type.STRING), required("sla", Type.STRING));

    public InquirySlaRequest {
        Objects.requireNonNull(roomId, "roomId");
        Objects.requireNonNull(sla, "sla");
    }

    /**
     * Parses the body.
     *
     * @throws dev.inquiries.domain.InvalidParametersException for another property, a missing one, or a non-string
     */
    public static InquirySlaRequest parse(ObjectNode json) {
        return BODY.parse(json, body -> new InquirySlaRequest(body.text("roomId"), body.text("sla")));
    }
}
