package dev.inquiries.persistence;

import java.util.List;
import java.util.Optional;

/**
 * A user as {@code /api/v1/me} shows it: never a password hash or a token.
 *
 * @param id             the user's id
 * @param username       its unique name
 * @param name           its display name, if it has one
 * @param email          its email address, if it has one
 * @param emailVerified  whether that address is confirmed
 * @param roles          the roles it holds, sorted
 * @param active         whether it may sign in
 * @param statusLivechat {@code available} or {@code not-available}
 */
public record UserProfile(String id,
                          String username,
                          Optional<String> name,
                          Optional<String> email,
                          boolean emailVerified,
                          List<String> roles,
                          boolean active,
                          String statusLivechat) {

    public UserProfile {
        roles = List.copyOf(roles);
    }
}
