package dev.inquiries.domain.login;

import java.util.Locale;
import java.util.Objects;

/**
 * The user a login names: a username, matched exactly, or an email address, matched without regard to
 * case. Failed logins are counted per submitted name ({@link #blockingKey()}), whether or not it exists.
 *
 * @param kind  how the name is matched
 * @param value the name as submitted
 */
public record LoginName(Kind kind, String value) {

    /** How a submitted name is matched against users. */
    public enum Kind {
        /** {@code users.username}, exactly. */
        USERNAME,
        /** {@code users.email}, case-insensitively. */
        EMAIL
    }

    public LoginName {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(value, "value");
    }

    /** Rocket.Chat's {@code user} field: a value containing {@code @} is an email, anything else a username. */
    public static LoginName ofUserField(String value) {
        return new LoginName(value.indexOf('@') >= 0 ? Kind.EMAIL : Kind.USERNAME, value);
    }

    /** The key failures of this name are counted under: equal for names that match the same users. */
    public String blockingKey() {
        return kind == Kind.EMAIL ? value.toLowerCase(Locale.ROOT) : value;
    }
}
