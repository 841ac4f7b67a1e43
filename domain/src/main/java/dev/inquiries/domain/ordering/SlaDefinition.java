package dev.inquiries.domain.ordering;

import static dev.inquiries.domain.request.BodyShape.optional;
import static dev.inquiries.domain.request.BodyShape.required;

import java.util.Objects;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.inquiries.domain.InvalidParametersException;
import dev.inquiries.domain.request.Body;
import dev.inquiries.domain.request.BodyShape;
import dev.inquiries.domain.request.BodyShape.Type;

/**
 * An SLA as a client defines it, the body of {@code POST /api/v1/livechat/sla} and {@code PUT /api/v1/livechat/sla/:id}
 * (Rocket.Chat's {@code CreateOrUpdateLivechatSlaProps}).
 *
 * @param name             its name, unique
 * @param description      what it is about, if given
 * @param dueTimeInMinutes within how many minutes its chats should be answered, unique
 */
public record SlaDefinition(String name, Optional<String> description, int dueTimeInMinutes) {

    /** The longest due time: one minute below the estimate of a chat without an SLA (9999999). */
    public static final int MAX_DUE_TIME_IN_MINUTES = 9_999_998;

    private static final BodyShape BODY = BodyShape.of(required("name", Type.STRING),
            optional("description", Type.STRING), required("dueTimeInMinutes", Type.ANY));

    public SlaDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
    }

    /**
     * Parses the body.
     *
     * @throws InvalidParametersException for another property, a missing one, a value of another type, a blank name,
     *                                    or a due time that is not a whole number of minutes from 0 to 9999998
     */
    public static SlaDefinition parse(ObjectNode json) {
        Body body = BODY.check(json);
        JsonNode due = body.json("dueTimeInMinutes");
        if (!due.isNumber()) {
            throw new InvalidParametersException("dueTimeInMinutes must be number");
        }
        if (!due.canConvertToExactIntegral() || !due.canConvertToInt() || due.intValue() < 0
                || due.intValue() > MAX_DUE_TIME_IN_MINUTES) {
            throw new InvalidParametersException("dueTimeInMinutes must be a whole number from 0 to "
                    + MAX_DUE_TIME_IN_MINUTES);
        }
        String name = body.text("name");
        if (name.isBlank()) {
            throw new InvalidParametersException("name must be a non-empty string");
        }
        return new SlaDefinition(name.strip(), body.optionalText("description"), due.intValue());
    }
}
