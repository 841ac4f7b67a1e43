package dev.inquiries.domain.moves;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

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
        JsonNode value = body.json(name);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw new InvalidParametersException(name + " must be string");
        }
        return Optional.of(value.textValue());
    }

    /** A nullable array of strings: empty when absent or null. */
    static List<String> texts(Body body, String name) {
        JsonNode value = body.json(name);
        if (value == null || value.isNull()) {
            return List.of();
        }
        if (!value.isArray()) {
            throw new InvalidParametersException(name + " must be array");
        }
        List<String> texts = new ArrayList<>(value.size());
        for (int index = 0; index < value.size(); index++) {
            JsonNode item = value.get(index);
            if (!item.isTextual()) {
                throw new InvalidParametersException(name + "/" + index + " must be string");
            }
            texts.add(item.textValue());
        }
        return List.copyOf(texts);
    }

    /** A nullable boolean property, read only to be checked (Rocket.Chat's client sends it; it changes nothing here). */
    static void flag(Body body, String name) {
        JsonNode value = body.json(name);
        if (value != null && !value.isNull() && !value.isBoolean()) {
            throw new InvalidParametersException(name + " must be boolean");
        }
    }
}
