package dev.inquiries.web.api;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import dev.inquiries.domain.Inquiry;
import dev.inquiries.domain.InquiryPage;

/**
 * The JSON bodies the service sends, written field by field in the contract's order with Jackson's
 * streaming generator.
 */
public final class JsonBodies {

    /** Buffers are pooled across threads: a thread-local pool does nothing for one virtual thread per request. */
    private static final JsonFactory JSON = JsonFactory.builder()
            .recyclerPool(JsonRecyclerPools.newConcurrentDequePool())
            .build();

    // Field names encoded once: written per inquiry, they cost more than the values when encoded each time.
    private static final SerializedString INQUIRIES = new SerializedString("inquiries");
    private static final SerializedString ID = new SerializedString("_id");
    private static final SerializedString RID = new SerializedString("rid");
    private static final SerializedString NAME = new SerializedString("name");
    private static final SerializedString TS = new SerializedString("ts");
    private static final SerializedString STATUS = new SerializedString("status");
    private static final SerializedString DEPARTMENT = new SerializedString("department");
    private static final SerializedString OFFSET = new SerializedString("offset");
    private static final SerializedString COUNT = new SerializedString("count");
    private static final SerializedString TOTAL = new SerializedString("total");
    private static final SerializedString SUCCESS = new SerializedString("success");

    private JsonBodies() {
    }

    /** {@code {"inquiries":[...],"offset":0,"count":1,"total":1,"success":true}}. */
    static byte[] page(InquiryPage page) {
        return write(256 + 192 * page.count(), json -> {
            json.writeStartObject();
            json.writeFieldName(INQUIRIES);
            json.writeStartArray();
            for (Inquiry inquiry : page.inquiries()) {
                json.writeStartObject();
                json.writeFieldName(ID);
                json.writeString(inquiry.id());
                json.writeFieldName(RID);
                json.writeString(inquiry.rid());
                json.writeFieldName(NAME);
                json.writeString(inquiry.name());
                json.writeFieldName(TS);
                json.writeString(IsoTimestamps.format(inquiry.ts()));
                json.writeFieldName(STATUS);
                json.writeString(inquiry.status().wireName());
                if (inquiry.departmentId() != null) {
                    json.writeFieldName(DEPARTMENT);
                    json.writeString(inquiry.departmentId());
                }
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeFieldName(OFFSET);
            json.writeNumber(page.offset());
            json.writeFieldName(COUNT);
            json.writeNumber(page.count());
            json.writeFieldName(TOTAL);
            json.writeNumber(page.total());
            json.writeFieldName(SUCCESS);
            json.writeBoolean(true);
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
    public static byte[] failure(String error) {
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
