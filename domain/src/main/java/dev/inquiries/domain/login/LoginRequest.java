package dev.inquiries.domain.login;

import java.util.Objects;

/**
 * What a client asks {@code POST /api/v1/login} to do, parsed from its body: check a name and password, or
 * resume with a token it already has.
 */
public sealed interface LoginRequest {

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
