package dev.inquiries.domain.request;

import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.inquiries.domain.InvalidParametersException;

/**
 * The JSON body an endpoint accepts, as Rocket.Chat's ajv schemas describe one: an object of named properties,
 * some required, each of a type, and no other property ({@code additionalProperties: false}). Checking a body
 * refuses, in this order, the first property it does not name, the first required one that is missing, and the
 * first, in the order declared, whose value is not of its type; each with ajv's words.
 * <pre>
 * private static final BodyShape BODY = BodyShape.of(required("inquiryId", Type.STRING), optional("userId", Type.STRING));
 * return BODY.parse(json, body -&gt; new InquiryTakeRequest(body.text("inquiryId"), body.optionalText("userId")));
 * </pre>
 */
public final class BodyShape {

    /** What a property's value must be. */
    public sealed interface Type {

        /** Any JSON string ({@code "type": "string"}): {@code x must be string}. */
        Type STRING = new Text(false);
        /** A string with at least one character: {@code x must be a non-empty string}. */
        Type NON_EMPTY_STRING = new Text(true);
        /** A JSON string or {@code null} ({@code "type": "string", "nullable": true}), null read as absent. */
        Type NULLABLE_STRING = new NullableText();
        /** Any JSON value: the request record reads it itself. */
        Type ANY = new Any();

        /**
         * An object of the shape's properties ({@code "type": "object"}): {@code x must be object}, and each of its
         * own refusals names the property it is in ({@code x.y must be string}, {@code x must have required property 'y'}).
         */
        static Type object(BodyShape shape) {
            return new Nested(shape);
        }

        /** One of these strings ({@code "enum": [...]}): {@code x must be a or b}. */
        static Type oneOf(List<String> values) {
            return new OneOf(values);
        }

        /** Refuses the property's value unless it is of this type. */
        void check(String name, JsonNode value);
    }

    private record Text(boolean nonEmpty) implements Type {
        @Override
        public void check(String name, JsonNode value) {
            if (!value.isTextual()) {
                throw new InvalidParametersException(name + (nonEmpty ? " must be a non-empty string" : " must be string"));
            }
            if (nonEmpty && value.textValue().isEmpty()) {
                throw new InvalidParametersException(name + " must be a non-empty string");
            }
        }
    }

    private record OneOf(List<String> values) implements Type {
        OneOf {
            values = List.copyOf(values);
        }

        @Override
        public void check(String name, JsonNode value) {
            NON_EMPTY_STRING.check(name, value);
            if (!values.contains(value.textValue())) {
                throw new InvalidParametersException(name + " must be " + Wording.enumeration(values, "or"));
            }
        }
    }

    private record NullableText() implements Type {
        @Override
        public void check(String name, JsonNode value) {
            if (!value.isNull()) {
                STRING.check(name, value);
            }
        }
    }

    private record Nested(BodyShape shape) implements Type {
        @Override
        public void check(String name, JsonNode value) {
            if (!(value instanceof ObjectNode object)) {
                throw new InvalidParametersException(name + " must be object");
            }
            shape.check(object, name);
        }
    }

    private record Any() implements Type {
        @Override
        public void check(String name, JsonNode value) {
            // Any value is one: the request record checks it itself.
        }
    }

    /**
     * A property of the body.
     *
     * @param name     its key
     * @param required whether the body must have it
     * @param type     what its value must be (JSON {@code null} is a value, and of no type but {@link Type#ANY})
     */
    public record Property(String name, boolean required, Type type) {
        public Property {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(type, "type");
        }
    }

    private final List<Property> properties;
    private final boolean othersAllowed;

    private BodyShape(List<Property> properties, boolean othersAllowed) {
        this.properties = List.copyOf(properties);
        this.othersAllowed = othersAllowed;
    }

    /** A body of these properties and no other. */
    public static BodyShape of(Property... properties) {
        return new BodyShape(List.of(properties), false);
    }

    /**
     * An object of these properties and any others, which are not read ({@code additionalProperties: true}, Meteor's
     * {@code Match.ObjectIncluding}): for the objects Rocket.Chat itself checks no more strictly.
     */
    public static BodyShape including(Property... properties) {
        return new BodyShape(List.of(properties), true);
    }

    /** A property the body must have. */
    public static Property required(String name, Type type) {
        return new Property(name, true, type);
    }

    /** A property the body may have. */
    public static Property optional(String name, Type type) {
        return new Property(name, false, type);
    }

    /**
     * Checks the body against the shape.
     *
     * @throws InvalidParametersException for the first property, in the order above, that does not fit
     */
    public Body check(ObjectNode body) {
        return check(body, null);
    }

    /**
     * Parses a body of this shape: checks it, then reads the request from the accepted body.
     *
     * @param reader makes the request of the body's values
     * @throws InvalidParametersException for the first property that does not fit
     */
    public <T> T parse(ObjectNode json, Function<Body, T> reader) {
        return reader.apply(check(json));
    }

    /** Checks an object that is the value of the property {@code within} (its messages name it), or the body. */
    private Body check(ObjectNode body, String within) {
        for (Iterator<String> fields = body.fieldNames(); fields.hasNext();) {
            String field = fields.next();
            if (!othersAllowed && properties.stream().noneMatch(property -> property.name().equals(field))) {
                throw within(within, Wording.AJV.unknownName(field, names()));
            }
        }
        for (Property property : properties) {
            if (property.required() && !body.has(property.name())) {
                throw within(within, Wording.AJV.missing(property.name()));
            }
        }
        for (Property property : properties) {
            JsonNode value = body.get(property.name());
            if (value != null) {
                property.type().check(within == null ? property.name() : within + "." + property.name(), value);
            }
        }
        return new Body(this, body);
    }

    /** The refusal of an object's own shape, naming the property the object is the value of (ajv's instancePath). */
    private static RuntimeException within(String property, RuntimeException refusal) {
        return property == null ? refusal : new InvalidParametersException(property + " " + refusal.getMessage());
    }

    /** The shape of an object-valued property, for {@link Body#object}. */
    BodyShape shapeOf(String name) {
        return properties.stream()
                .filter(property -> property.name().equals(name) && property.type() instanceof Nested)
                .map(property -> ((Nested) property.type()).shape())
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("the body's shape has no object property " + name));
    }

    boolean declares(String name) {
        return properties.stream().anyMatch(property -> property.name().equals(name));
    }

    private List<String> names() {
        return properties.stream().map(Property::name).toList();
    }
}
