package dev.inquiries.web.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.inquiries.domain.InvalidParametersException;
import dev.inquiries.domain.login.LoginName;
import dev.inquiries.domain.login.LoginRequest;
import dev.inquiries.domain.login.PasswordDigest;

/**
 * The body of {@code POST /api/v1/login} as a {@link LoginRequest}: {@code {"user"|"username"|"email": ...,
 * "password": ...}} or {@code {"resume": ...}}, the password as text or {@code {"hashed": "<hex SHA-256>"}}.
 * Anything else is a 400 {@code invalid-params}; no message quotes a value the client sent.
 */
final class LoginBodies {

    private static final Set<String> NAME_FIELDS = Set.of("user", "username", "email");

    private LoginBodies() {
    }

    static LoginRequest parse(ObjectNode body) {
        List<String> fields = new ArrayList<>();
        body.fieldNames().forEachRemaining(fields::add);
        if (fields.equals(List.of("resume"))) {
            return new LoginRequest.Resume(text(body, "resume"));
        }
        List<String> names = fields.stream().filter(NAME_FIELDS::contains).toList();
        if (names.size() != 1 || !fields.contains("password") || fields.size() != 2) {
            throw new InvalidParametersException("The body must be {\"user\", \"username\" or \"email\": ..., "
                    + "\"password\": ...} or {\"resume\": ...}");
        }
        String field = names.getFirst();
        String value = text(body, field);
        LoginName name = switch (field) {
            case "username" -> new LoginName(LoginName.Kind.USERNAME, value);
            case "email" -> new LoginName(LoginName.Kind.EMAIL, value);
            default -> LoginName.ofUserField(value);
        };
        return new LoginRequest.WithPassword(name, password(body.get("password")));
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

    private static String text(ObjectNode body, String field) {
        JsonNode value = body.get(field);
        if (!value.isTextual() || value.textValue().isEmpty()) {
            throw new InvalidParametersException(field + " must be a non-empty string");
        }
        return value.textValue();
    }
}
