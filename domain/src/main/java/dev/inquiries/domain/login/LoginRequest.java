package dev.inquiries.domain.login;

import static dev.inquiries.domain.request.BodyShape.required;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.inquiries.domain.InvalidParametersException;
import dev.inquiries.domain.request.Body;
import dev.inquiries.domain.request.BodyShape;
import dev.inquiries.domain.request.BodyShape.Type;

/**
 * What a client asks {@code POST /api/v1/login} to do, parsed from its body: check a name and password, or
 * resume with a token it already has.
 */
public sealed interface LoginRequest {

    /**
     * Parses the body: {@code {"user"|"username"|"email": ..., "password": ...}} or {@code {"resume": ...}}, the
     * password as text or {@code {"hashed": "<hex SHA-256>"}}. No message quotes a value the client sent.
     *
     * @throws InvalidParametersException for a body of neither form, or a value of the wrong kind
     */
    static LoginRequest parse(ObjectNode json) {
        List<String> fields = new ArrayList<>();
        json.fieldNames().forEachRemaining(fields::add);
        if (fields.equals(List.of("resume"))) {
            return new Resume(BodyShape.of(required("resume", Type.NON_EMPTY_STRING)).check(json).text("resume"));
        }
        // Whom a password login is for: user (a username, or an email when it has an @), username or email.
        List<String> names = fields.stream().filter(Set.of("user", "username", "email")::contains).toList();
        if (names.size() != 1 || !fields.contains("password") || fields.size() != 2) {
            throw new InvalidParametersException("The body must be {\"user\", \"username\" or \"email\": ..., "
                    + "\"password\": ...} or {\"resume\": ...}");
        }
        String field = names.getFirst();
        Body body = BodyShape.of(required(field, Type.NON_EMPTY_STRING), required("password", Type.ANY)).check(json);
        String value = body.text(field);
        LoginName name = switch (field) {
            case "username" -> new LoginName(LoginName.Kind.USERNAME, value);
            case "email" -> new LoginName(LoginName.Kind.EMAIL, value);
            default -> LoginName.ofUserField(value);
        };
        return new WithPassword(name, password(body.json("password")));
    }

    private static PasswordDigest password(JsonNode password) {
        if (password.isTextual()) {
            return PasswordDigest.ofPlain(password.textValue());
        }
        if (password instanceof ObjectNode hashed && hashed.size() == 1 && hashed.get("hashed") != null
                && hashed.get("hashed").isTextual()) {
            try {
                return PasswordDigest.ofHex(hashed.get("hashed").textValue());
            } catch (IllegalArgumentException notADigest) {
                throw new InvalidParametersException("password.hashed must be the hex SHA-256 of the password");
            }
        }
        throw new InvalidParametersException("password must be a string or {\"hashed\": \"<hex SHA-256>\"}");
    }

    /**
     * A login by username or email and password.
     *
     * @param name     whom the client names
     * @param password the password it shows, as its SHA-256 digest
     */
    record WithPassword(LoginName name, PasswordDigest password) implements LoginRequest {

        public WithPassword {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(password, "password");
        }
    }

    /**
     * A login with a token the client was given before ({@code {"resume": "<authToken>"}}).
     *
     * @param token the token; never printed
     */
    record Resume(String token) implements LoginRequest {

        public Resume {
            Objects.requireNonNull(token, "token");
        }

        @Override
        public String toString() {
            return "Resume[token=(hidden)]";
        }
    }
}
