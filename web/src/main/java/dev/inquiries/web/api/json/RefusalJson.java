package dev.inquiries.web.api.json;

import dev.inquiries.domain.Refusal;

/** The bodies of answers that are not a success: every one carries {@code "success":false}. */
public final class RefusalJson {

    private RefusalJson() {
    }

    /**
     * A refusal, laid out as its outcome's answer: {@code {"success":false,"error":...}} with {@code errorType} and
     * {@code details} where the reason has them, or a 401's {@code status}/{@code message} pair in Rocket.Chat's order
     * (its authentication writes {@code status} first, its login {@code error} first).
     */
    public static byte[] refusal(Refusal refusal) {
        Refusal.Reason reason = refusal.reason();
        return JsonWriter.write(json -> {
            json.writeStartObject();
            json.writeBooleanField("success", false);
            switch (reason.outcome()) {
                case NOT_LOGGED_IN -> {
                    json.writeStringField("status", "error");
                    json.writeStringField("error", refusal.error());
                    json.writeStringField("message", reason.message().orElse(refusal.error()));
                }
                case LOGIN_REFUSED -> {
                    json.writeStringField("error", refusal.error());
                    json.writeStringField("status", "error");
                    json.writeStringField("message", reason.message().orElse(refusal.error()));
                }
                case INVALID, FORBIDDEN, NOT_FOUND, UNAVAILABLE -> {
                    json.writeStringField("error", refusal.error());
                    JsonWriter.optionalField(json, "errorType", reason.errorType());
                    if (reason.method().isPresent()) {
                        json.writeObjectFieldStart("details");
                        json.writeStringField("method", reason.method().get());
                        json.writeEndObject();
                    }
                }
            }
            json.writeEndObject();
        });
    }

    /** {@code {"success":false,"error":"<error>"}}: 404, 405, 500, 503 and the other failures of HTTP itself. */
    public static byte[] failure(String error) {
        return JsonWriter.write(json -> {
            json.writeStartObject();
            json.writeBooleanField("success", false);
            json.writeStringField("error", error);
            json.writeEndObject();
        });
    }
}
