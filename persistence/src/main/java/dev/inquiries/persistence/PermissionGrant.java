package dev.inquiries.persistence;

import java.util.List;
import java.util.Objects;

/**
 * A permission and the roles it is granted to, as {@code role_permissions} holds them: a user whose roles meet
 * {@code roles} holds the permission.
 *
 * @param permissionId the permission's id, e.g. {@code view-livechat-manager}
 * @param roles        the roles granted it, by id in byte order; empty when no role is
 */
public record PermissionGrant(String permissionId, List<String> roles) {

    public PermissionGrant {
        Objects.requireNonNull(permissionId, "permissionId");
        roles = List.copyOf(roles);
    }
}
