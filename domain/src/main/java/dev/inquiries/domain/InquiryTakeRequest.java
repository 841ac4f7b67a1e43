package dev.inquiries.domain;

import static dev.inquiries.domain.request.BodyShape.optional;
import static dev.inquiries.domain.request.BodyShape.required;

import java.util.Objects;
import java.util.Optional;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.inquiries.domain.request.BodyShape;
import dev.inquiries.domain.request.BodyShape.Type;

/**
 * A request to take an inquiry, the body of {@code POST /api/v1/livechat/inquiries.take} (Rocket.Chat's
 * {@code POSTLivechatInquiriesTakeParams}, except that {@code userId} may not be {@code null}).
 *
 * @param inquiryId the inquiry to take
 * @param userId    for whom, or empty for the caller
 */
public record InquiryTakeRequest(String inquiryId, Optional<String> userId) {

    private static final BodyShape BODY = BodyShape.of(required("inquiryId", Type.STRING), optional("userId", Type.STRING));

    public InquiryTakeRequest {
        Objects.requireNonNull(inquiryId, "inquiryId");
        Objects.requireNonNull(userId, "userId");
    }

    /**
     * Parses the body.
     *
     * @throws InvalidParametersException for another property, no {@code inquiryId}, or a value that is not a string
     */
    public static InquiryTakeRequest parse(ObjectNode json) {
        return BODY.parse(json, body -> new InquiryTakeRequest(body.text("inquiryId"), body.optionalText("userId")));
    }
}
