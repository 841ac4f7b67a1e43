package dev.inquiries.web.api.json;

import java.nio.charset.StandardCharsets;

import dev.inquiries.domain.QueueEvent;

/** The data of a live-queue event ({@code inquiries.stream}). */
public final class StreamEventJson {

    private StreamEventJson() {
    }

    /**
     * {@code {"version":"<position>"}} for a reset, else {@code {"type":"added","_id":...}} with the inquiry's fields
     * exactly as the list renders them.
     */
    public static String data(QueueEvent event) {
        byte[] body = JsonWriter.write(json -> {
            json.writeStartObject();
            if (event.inquiry().isEmpty()) {
                json.writeStringField("version", String.valueOf(event.position()));
            } else {
                json.writeStringField("type", event.type().wireName());
                InquiryJson.writeListFields(json, event.inquiry().get());
            }
            json.writeEndObject();
        });
        return new String(body, StandardCharsets.UTF_8);
    }
}
