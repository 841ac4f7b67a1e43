package dev.inquiries.web.api;

/**
 * The request carries no valid login: a header is missing, the user is unknown or deactivated, or the
 * token is wrong or expired. All of these answer alike (401), so callers cannot tell which.
 */
final class NotAuthenticatedException extends RuntimeException {

    NotAuthenticatedException() {
        super("You must be logged in to do this.", null, false, false);
    }
}
