package dev.inquiries.domain.ordering;

import static dev.inquiries.domain.request.BodyShape.optional;

import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.inquiries.domain.InvalidParametersException;
import dev.inquiries.domain.request.Body;
import dev.inquiries.domain.request.BodyShape;
import dev.inquiries.domain.request.BodyShape.Type;

/**
 * A change of a priority, the body of {@code PUT /api/v1/livechat/priorities/:id} (Rocket.Chat's
 * {@code PUTLivechatPriority}: {@code {"name"}} or {@code {"reset":true}}, one of them).
 */
public sealed interface PriorityChange {

    /** One of ajv's {@code oneOf} failing: neither form, or both. */
    String NOT_ONE_FORM = "must match exactly one schema in oneOf";

    /** A custom name; the priority is then dirty. */
    record Rename(String name) implements PriorityChange {
        public Rename {
            Objects.requireNonNull(name, "name");
        }
    }

    /** Back to the default name ({@code reset: true}); {@code reset: false} changes nothing. */
    record Reset(boolean reset) implements PriorityChange {
    }

    /**
     * Parses the body.
     *
     * @throws InvalidParametersException for another property, neither or both of {@code name} and {@code reset}, an
     *                                    empty name, or a value of another type
     */
    static PriorityChange parse(ObjectNode json) {
        Body body = Shape.BODY.check(json);
        JsonNode reset = body.json("reset");
        boolean hasName = body.optionalText("name").isPresent();
        if (hasName == (reset != null)) {
            throw new InvalidParametersException(NOT_ONE_FORM);
        }
        if (hasName) {
            String name = body.text("name");
            if (name.isBlank()) {
                throw new InvalidParametersException("name must be a non-empty string");
            }
            return new Rename(name.strip());
        }
        if (!reset.isBoolean()) {
            throw new InvalidParametersException("reset must be boolean");
        }
        return new Reset(reset.booleanValue());
    }

    /** The body's properties, held apart from the interface's public constants. */
    final class Shape {
        private static final BodyShape BODY = BodyShape.of(optional("name", Type.NON_EMPTY_STRING),
                optional("reset", Type.ANY));

        private Shape() {
        }
    }
}
