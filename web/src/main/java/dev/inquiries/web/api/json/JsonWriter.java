package dev.inquiries.web.api.json;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

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
}
