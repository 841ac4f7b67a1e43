package dev.inquiries.web.api.json;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.inquiries.persistence.LoginTokenRepository.IssuedToken;
import dev.inquiries.persistence.UserProfile;

/** The signed-in user: {@code login}, {@code logout} and {@code me}. */
public final class UserJson {

    private UserJson() {
    }

    /** {@code {"status":"success","data":{"userId":...,"authToken":...,"me":<me>},"success":true}}. */
    public static byte[] loggedIn(IssuedToken token, UserProfile me) {
        return JsonWriter.success(json -> {
            json.writeStringField("status", "success");
            json.writeObjectFieldStart("data");
            json.writeStringField("userId", token.userId());
            json.writeStringField("authToken", token.authToken());
            json.writeFieldName("me");
            json.writeStartObject();
            writeMe(json, me);
            json.writeEndObject();
            json.writeEndObject();
        });
    }

    /** {@code /api/v1/me}: the user, with {@code "success":true} at the end. */
    public static byte[] me(UserProfile me) {
        return JsonWriter.success(json -> writeMe(json, me));
    }

    /** {@code {"status":"success","data":{"message":"You've been logged out!"}}}, as Rocket.Chat sends it. */
    public static byte[] loggedOut() {
        return JsonWriter.write(json -> {
            json.writeStartObject();
            json.writeStringField("status", "success");
            json.writeObjectFieldStart("data");
            json.writeStringField("message", "You've been logged out!");
            json.writeEndObject();
            json.writeEndObject();
        });
    }

    /**
     * The fields of {@code <me>}; keys without a value are absent. {@code status} is the presence of the one
     * asking, who has just signed in: {@code online}.
     */
    private static void writeMe(JsonGenerator json, UserProfile me) throws IOException {
        json.writeStringField("_id", me.id());
        json.writeStringField("username", me.username());
        JsonWriter.optionalField(json, "name", me.name());
        if (me.email().isPresent()) {
            json.writeArrayFieldStart("emails");
            json.writeStartObject();
            json.writeStringField("address", me.email().get());
            json.writeBooleanField("verified", me.emailVerified());
            json.writeEndObject();
            json.writeEndArray();
            if (me.emailVerified()) {
                json.writeStringField("email", me.email().get());
            }
        }
        json.writeArrayFieldStart("roles");
        for (String role : me.roles()) {
            json.writeString(role);
        }
        json.writeEndArray();
        json.writeBooleanField("active", me.active());
        json.writeStringField("status", "online");
        json.writeStringField("statusLivechat", me.statusLivechat());
        json.writeNumberField("utcOffset", 0);
        json.writeObjectFieldStart("settings");
        json.writeObjectFieldStart("profile");
        json.writeEndObject();
        json.writeObjectFieldStart("preferences");
        json.writeEndObject();
        json.writeEndObject();
    }
}
