package dev.inquiries.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import dev.inquiries.domain.Inquiry;
import dev.inquiries.domain.InquiryPage;

/**
 * The JSON bodies the service sends, written field by field in the contract's order with Jackson's
 * streaming generator.
 */
final class JsonBodies {

    /** Buffers are pooled across threads: a thread-local pool does nothing for one virtual thread per request. */
    private static final JsonFactory JSON = JsonFactory.builder()
            .recyclerPool(JsonRecyclerPools.newConcurrentDequePool())
            .build();

    private JsonBodies() {
    }

    /** {@code {"inquiries":[...],"offset":0,"count":1,"total":1,"success":true}}. */
    static byte[] page(InquiryPage page) {
        return write(256 + 192 * page.count(), json -> {
            json.writeStartObject();
            json.writeArrayFieldStart("inquiries");
            for (Inquiry inquiry : page.inquiries()) {
                json.writeStartObject();
                json.writeStringField("_id", inquiry.id());
                json.writeStringField("rid", inquiry.rid());
                json.writeStringField("name", inquiry.name());
                json.writeStringField("ts", IsoTimestamps.format(inquiry.ts()));
                json.writeStringField("status", inquiry.status().wireName());
                if (inquiry.departmentId() != null) {
                    json.writeStringField("department", inquiry.departmentId());
                }
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeNumberField("offset", page.offset());
            json.writeNumberField("count", page.count());
            json.writeNumberField("total", page.total());
            json.writeBooleanField("success", true);
            json.writeEndObject();
        });
    }

    /** {@code {"success":false,"error":"<error>","errorType":"<errorType>"}}. */
    static byte[] badRequest(String error, String errorType) {
        return write(json -> {
            json.writeStartObject();
            json.writeBooleanField("success", false);
            json.writeStringField("error", error);
            json.writeStringField("errorType", errorType);
            json.writeEndObject();
        });
    }

    /** Rocket.Chat 7's 401: both its {@code error} and its older {@code status}/{@code message} pair. */
    static byte[] unauthorized(String message) {
        return write(json -> {
            json.writeStartObject();
            json.writeBooleanField("success", false);
            json.writeStringField("status", "error");
            json.writeStringField("error", message);
            json.writeStringField("message", message);
            json.writeEndObject();
        });
    }

    /** {@code {"success":false,"error":"<error>"}}: 403, 404, 405, 500, 503. */
    static byte[] failure(String error) {
        return write(json -> {
            json.writeStartObject();
            json.writeBooleanField("success", false);
            json.writeStringField("error", error);
            json.writeEndObject();
        });
    }

    private static byte[] write(BodyWriter writer) {
        return write(256, writer);
    }

    private static byte[] write(int expectedSize, BodyWriter writer) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(expectedSize);
        try (JsonGenerator json = JSON.createGenerator(bytes)) {
            writer.write(json);
        } catch (IOException impossible) {
            throw new UncheckedIOException("writing to memory failed", impossible);
        }
        return bytes.toByteArray();
    }

    @FunctionalInterface
    private interface BodyWriter {
        void write(JsonGenerator json) throws IOException;
    }
}
