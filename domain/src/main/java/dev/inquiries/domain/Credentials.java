package dev.inquiries.domain;

import java.util.Objects;

/**
 * What a request claims to be: the {@code X-User-Id} and {@code X-Auth-Token} it carries, not yet checked.
 *
 * @param userId the user id the caller names
 * @param token  the login token it shows
 */
public record Credentials(String userId, String token) {

    public Credentials {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(token, "token");
    }

    @Override
    public String toString() {
        return "Credentials[userId=" + userId + ", token=(hidden)]";
    }
}
