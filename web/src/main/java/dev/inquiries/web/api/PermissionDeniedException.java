package dev.inquiries.web.api;

import dev.inquiries.domain.Permission;

/** The caller is logged in but none of its roles grants the permission the endpoint needs (403). */
final class PermissionDeniedException extends RuntimeException {

    private final Permission missing;

    PermissionDeniedException(Permission missing) {
        super("User does not have the permissions required for this action [error-unauthorized]", null, false, false);
        this.missing = missing;
    }

    /** The permission the caller lacks. */
    Permission missing() {
        return missing;
    }
}
