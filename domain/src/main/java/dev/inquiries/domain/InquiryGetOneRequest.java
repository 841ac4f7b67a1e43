package dev.inquiries.domain;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.inquiries.domain.request.QueryShape;
import dev.inquiries.domain.request.Wording;

/**
 * A request for one inquiry, parsed from the query of {@code GET /api/v1/livechat/inquiries.getOne}
 * (Rocket.Chat's {@code GETLivechatInquiriesGetOneParams}: its ajv wording).
 *
 * @param roomId the room whose inquiry is asked for
 */
public record InquiryGetOneRequest(String roomId) {

    private static final QueryShape QUERY = QueryShape.of(Wording.AJV, "roomId");

    public InquiryGetOneRequest {
        Objects.requireNonNull(roomId, "roomId");
    }

    /**
     * Parses the query parameters.
     *
     * @throws InvalidParametersException for another name, a repeated {@code roomId}, or none
     */
    public static InquiryGetOneRequest parse(Map<String, List<String>> parameters) {
        return new InquiryGetOneRequest(QUERY.check(parameters).required("roomId"));
    }
}
