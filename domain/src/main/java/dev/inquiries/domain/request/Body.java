package dev.inquiries.domain.request;

import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** A JSON body its {@link BodyShape} accepted: its values are read here, already of their types. */
public final class Body {

    private final BodyShape shape;
    private final ObjectNode json;

    Body(BodyShape shape, ObjectNode json) {
        this.shape = shape;
        this.json = json;
    }

    /** A required string property's value. */
    public String text(String name) {
        return optionalText(name).orElseThrow(() -> new IllegalArgumentException("the body has no property " + name));
    }

    /** A string property's value; empty when the body leaves it out (or, for a nullable one, gives {@code null}). */
    public Optional<String> optionalText(String name) {
        return Optional.ofNullable(value(name)).map(JsonNode::textValue);
    }

    /** An object property's value (of {@link BodyShape.Type#object}), already checked against its shape. */
    public Body object(String name) {
        return new Body(shape.shapeOf(name), (ObjectNode) value(name));
    }

    /** A property's value as JSON, for a property of {@link BodyShape.Type#ANY}; the shape saw that it is there. */
    public JsonNode json(String name) {
        return value(name);
    }

    private JsonNode value(String name) {
        if (!shape.declares(name)) {
            throw new IllegalArgumentException("the body's shape has no property " + name);
        }
        return json.get(name);
    }
}
