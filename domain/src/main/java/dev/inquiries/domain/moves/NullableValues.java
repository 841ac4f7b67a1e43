package dev.inquiries.domain.moves;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.inquiries.domain.InvalidParametersException;
import dev.inquiries.domain.request.Body;

/**
 * The properties Rocket.Chat's schemas mark {@code nullable: true}: JSON {@code null} reads as the property left out,
 * any other value must be of its type, refused in ajv's words ({@code comment must be string}, {@code tags/0 must be
 * string}). The body's shape declares them as {@code Type.ANY}.
 */
final class NullableValues {

    private NullableValues() {
    }

    /** A nullable string property: empty when absent or null. */
    static Optional<String> text(Body body, String name) {
        return given(body, name, JsonNode::isTextual, "string").map(JsonNode::textValue);
    }

    /** A nullable array of strings: empty when absent or null. */
    static List<String> texts(Body body, String name) {
        return given(body, name, JsonNode::isArray, "array").map(array -> {
            List<String> texts = new ArrayList<>(array.size());
            for (int index = 0; index < array.size(); index++) {
                JsonNode item = array.get(index);
                if (!item.isTextual()) {
                    throw new InvalidParametersException(name + "/" + index + " must be string");
                }
                texts.add(item.textValue());
            }
            return List.copyOf(texts);
        }).orElse(List.of());
    }

    /** A nullable boolean property, read only to be checked (Rocket.Chat's client sends it; it changes nothing here). */
    static void flag(Body body, String name) {
        given(body, name, JsonNode::isBoolean, "boolean");
    }

    /**
     * The property's value: empty when it is absent or null, refused in ajv's words ({@code name must be type}) when
     * it is not of its type.
     */
    private static Optional<JsonNode> given(Body body, String name, Predicate<JsonNode> ofType, String type) {
        JsonNode value = body.json(name);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!ofType.test(value)) {
            throw new InvalidParametersException(name + " must be " + type);
        }
        return Optional.of(value);
    }
}
