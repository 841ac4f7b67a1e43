package dev.inquiries.web.api.json;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;

/** Writes a body into memory with Jackson's streaming generator: what every resource's writer shares. */
final class JsonWriter {

    /** Buffers are pooled across threads: a thread-local pool does nothing for one virtual thread per request. */
    private static final JsonFactory JSON = JsonFactory.builder()
            .recyclerPool(JsonRecyclerPools.newConcurrentDequePool())
            .build();

    // Field names encoded once: written per row, they cost more than the values when encoded each time.
    static final SerializedString ID = new SerializedString("_id");
    static final SerializedString NAME = new SerializedString("name");
    static final SerializedString OFFSET = new SerializedString("offset");
    static final SerializedString COUNT = new SerializedString("count");
    static final SerializedString TOTAL = new SerializedString("total");
    private static final SerializedString SUCCESS = new SerializedString("success");

    /** What a body is made of, written on the generator. */
    @FunctionalInterface
    interface Fields {
        void write(JsonGenerator json) throws IOException;
    }

    /** How one element of a list is written, or the fields of one object of a list. */
    @FunctionalInterface
    interface Element<T> {
        void write(JsonGenerator json, T element) throws IOException;
    }

    private JsonWriter() {
    }

    /** The body, for a small one. */
    static byte[] write(Fields fields) {
        return write(256, fields);
    }

    /** The body, in a buffer of about the size expected. */
    static byte[] write(int expectedSize, Fields fields) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(expectedSize);
        try (JsonGenerator json = JSON.createGenerator(bytes)) {
            fields.write(json);
        } catch (IOException impossible) {
            throw new UncheckedIOException("writing to memory failed", impossible);
        }
        return bytes.toByteArray();
    }

    /** A success: an object of the fields, ended by {@code "success":true} as Rocket.Chat ends each. */
    static byte[] success(Fields fields) {
        return success(256, fields);
    }

    /** A success, in a buffer of about the size expected. */
    static byte[] success(int expectedSize, Fields fields) {
        return write(expectedSize, json -> {
            json.writeStartObject();
            fields.write(json);
            json.writeFieldName(SUCCESS);
            json.writeBoolean(true);
            json.writeEndObject();
        });
    }

    /**
     * A page of a list, as Rocket.Chat answers every paged list:
     * {@code {"<key>":[<element>...],"count":<elements>,"offset":<offset>,"total":<total>,"success":true}}.
     *
     * @param perElement about how many bytes an element takes
     * @param element    writes one element, whole
     */
    static <T> byte[] page(String key, List<T> elements, long offset, long total, int perElement, Element<T> element) {
        return success(128 + perElement * elements.size(), json -> {
            json.writeArrayFieldStart(key);
            for (T each : elements) {
                element.write(json, each);
            }
            json.writeEndArray();
            field(json, COUNT, elements.size());
            field(json, OFFSET, offset);
            field(json, TOTAL, total);
        });
    }

    /** An element of a list that is an object of these fields. */
    static <T> Element<T> object(Element<T> fields) {
        return (json, element) -> {
            json.writeStartObject();
            fields.write(json, element);
            json.writeEndObject();
        };
    }

    /** A field of a pre-encoded name and a text. */
    static void field(JsonGenerator json, SerializedString name, String value) throws IOException {
        json.writeFieldName(name);
        json.writeString(value);
    }

    /** A field of a pre-encoded name and a number. */
    static void field(JsonGenerator json, SerializedString name, long value) throws IOException {
        json.writeFieldName(name);
        json.writeNumber(value);
    }

    /** A text field if there is a value, else none: Rocket.Chat leaves a key without a value out, never null. */
    static void optionalField(JsonGenerator json, String name, Optional<String> value) throws IOException {
        if (value.isPresent()) {
            json.writeStringField(name, value.get());
        }
    }

    /**
     * A list of one object of one text field, if there is a value, else none: Rocket.Chat keeps a visitor's email
     * and phone as lists ({@code "visitorEmails":[{"address":...}]}) though a visitor here has one of each at most.
     */
    static void optionalListOfOne(JsonGenerator json, String name, String field, Optional<String> value)
            throws IOException {
        if (value.isPresent()) {
            json.writeArrayFieldStart(name);
            json.writeStartObject();
            json.writeStringField(field, value.get());
            json.writeEndObject();
            json.writeEndArray();
        }
    }
}
