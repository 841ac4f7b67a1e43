package dev.inquiries.domain;

import java.util.Objects;
import java.util.Set;

/**
 * The authenticated caller of a request: who it is, its roles, and the permissions those roles grant.
 *
 * @param userId      the user's id
 * @param username    the user's name
 * @param roles       the roles it holds
 * @param permissions the ids of the permissions its roles are granted
 */
public record Principal(String userId, String username, Set<String> roles, Set<String> permissions) {

    public Principal {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(username, "username");
        roles = Set.copyOf(roles);
        permissions = Set.copyOf(permissions);
    }

    /** Whether any of the caller's roles is granted the permission. */
    public boolean has(Permission permission) {
        return permissions.contains(permission.id());
    }
}
