package dev.inquiries.domain.visitor;

import static dev.inquiries.domain.request.BodyShape.optional;
import static dev.inquiries.domain.request.BodyShape.required;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.inquiries.domain.InvalidParametersException;
import dev.inquiries.domain.request.Body;
import dev.inquiries.domain.request.BodyShape;
import dev.inquiries.domain.request.BodyShape.Type;

/**
 * A visitor registering or updating itself: the body of {@code POST /api/v1/livechat/visitor},
 * {@code {"visitor":{"token","name"?,"email"?,"department"?,"phone"?,"username"?}}}. The fields are those of
 * Rocket.Chat's {@code check()} of it; a field given as {@code null} or {@code ""} counts as left out, as Rocket.Chat
 * reads it, and {@code visitor}'s other keys (its {@code customFields}, {@code connectionData}, an {@code id}) are
 * ignored, as its {@code Match.ObjectIncluding} lets them through; the body itself has {@code visitor} only.
 * Checked here: the shape (ajv's words, naming the field, {@code invalid-params}), the longest value each field may
 * have, and a token that is not blank ({@code error-invalid-token}). Whether the department exists is the database's
 * to say.
 *
 * @param token      the visitor's token, which its client makes; the visitor is found (or made) by it
 * @param name       its name, to set
 * @param email      its address, trimmed and in lower case (as Rocket.Chat stores it), to set
 * @param department its department, by id or name, to set
 * @param phone      its phone number, to set
 * @param username   the username of a new visitor (ignored for an existing one); {@code guest-<n>} without it
 */
public record VisitorRegistration(String token, Optional<String> name, Optional<String> email,
                                  Optional<String> department, Optional<String> phone, Optional<String> username) {

    /** The longest token a visitor's client may make. */
    public static final int MAX_TOKEN = 256;
    /** The longest name. */
    public static final int MAX_NAME = 256;
    /** The longest email address (RFC 5321's path limit). */
    public static final int MAX_EMAIL = 254;
    /** The longest phone number. */
    public static final int MAX_PHONE = 64;
    /** The longest username. */
    public static final int MAX_USERNAME = 64;
    /** The longest department id or name looked up. */
    public static final int MAX_DEPARTMENT = 256;

    private static final String VISITOR = "visitor";

    private static final BodyShape BODY = BodyShape.of(required(VISITOR, Type.object(BodyShape.including(
            required("token", Type.STRING),
            optional("name", Type.NULLABLE_STRING),
            optional("email", Type.NULLABLE_STRING),
            optional("department", Type.NULLABLE_STRING),
            optional("phone", Type.NULLABLE_STRING),
            optional("username", Type.NULLABLE_STRING)))));

    public VisitorRegistration {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(department, "department");
        Objects.requireNonNull(phone, "phone");
        Objects.requireNonNull(username, "username");
    }

    /**
     * Parses the body.
     *
     * @throws InvalidParametersException for another property, no {@code visitor} or {@code token}, a value of
     *                                    another type, or one too long
     * @throws dev.inquiries.domain.Refusal {@link VisitorRefusal#EMPTY_TOKEN} for a blank token
     */
    public static VisitorRegistration parse(ObjectNode json) {
        Body visitor = BODY.check(json).object(VISITOR);
        String token = bounded("token", Optional.of(visitor.text("token")), MAX_TOKEN).orElseThrow();
        Optional<String> name = given(bounded("name", visitor.optionalText("name"), MAX_NAME));
        Optional<String> email = given(bounded("email", visitor.optionalText("email"), MAX_EMAIL))
                .map(address -> address.strip().toLowerCase(Locale.ROOT))
                .filter(address -> !address.isEmpty());
        Optional<String> department = given(bounded("department", visitor.optionalText("department"), MAX_DEPARTMENT));
        Optional<String> phone = given(bounded("phone", visitor.optionalText("phone"), MAX_PHONE));
        Optional<String> username = given(bounded("username", visitor.optionalText("username"), MAX_USERNAME));
        if (token.isBlank()) {
            throw VisitorRefusal.EMPTY_TOKEN.refusal();
        }
        return new VisitorRegistration(token, name, email, department, phone, username);
    }

    /** The value, refused when it is longer than the field allows or holds a character no database text can. */
    private static Optional<String> bounded(String field, Optional<String> value, int max) {
        value.ifPresent(text -> {
            if (text.codePointCount(0, text.length()) > max) {
                throw new InvalidParametersException(VISITOR + "." + field + " must NOT have more than " + max
                        + " characters");
            }
            if (text.indexOf('\0') >= 0) {
                throw new InvalidParametersException(VISITOR + "." + field + " must NOT contain the NUL character");
            }
        });
        return value;
    }

    /** A value Rocket.Chat takes as given: not the empty string. */
    private static Optional<String> given(Optional<String> value) {
        return value.filter(text -> !text.isEmpty());
    }
}
