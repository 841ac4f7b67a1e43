package dev.inquiries.web.api.json;

/** The answers of moving and ending a chat: {@code {"success":true}}, and returnAsInquiry's {@code result}. */
public final class MoveJson {

    private static final byte[] DONE = JsonWriter.success(json -> {
    });

    private MoveJson() {
    }

    /** {@code {"success":true}}. */
    public static byte[] done() {
        return DONE.clone();
    }

    /** {@code {"result":<result>,"success":true}}. */
    public static byte[] result(boolean result) {
        return JsonWriter.success(json -> json.writeBooleanField("result", result));
    }
}
