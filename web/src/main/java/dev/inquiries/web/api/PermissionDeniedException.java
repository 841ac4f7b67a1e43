package dev.inquiries.web.api;

/** The caller is logged in but none of its roles grants the permission the endpoint needs (403). */
final class PermissionDeniedException extends RuntimeException {

    PermissionDeniedException() {
        super("User does not have the permissions required for this action [error-unauthorized]", null, false, false);
    }
}
