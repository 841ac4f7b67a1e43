package dev.inquiries.web.api;

import dev.inquiries.domain.Refusal;

/** The refusals of the caller's rights, before anything it asks for is looked at. */
enum AccessRefusal implements Refusal.BodyReason {
    /**
     * The request carries no valid login: a header is missing, the user is unknown or deactivated, or the token is
     * wrong or expired. All of these answer alike (401), so callers cannot tell which.
     */
    NOT_LOGGED_IN(Refusal.Outcome.NOT_LOGGED_IN, "You must be logged in to do this."),
    /** The caller is logged in but none of its roles grants the permission the endpoint needs (403). */
    PERMISSION_DENIED(Refusal.Outcome.FORBIDDEN,
            "User does not have the permissions required for this action [error-unauthorized]"),
    /** A new stream while {@code stream.limit} streams are open: a 503, the client retries later. */
    STREAM_LIMIT(Refusal.Outcome.UNAVAILABLE, "Too many live streams are open; try again shortly"),
    /** A new room stream from an address that holds {@code stream.rooms.address.limit} open already: a 503. */
    ADDRESS_STREAM_LIMIT(Refusal.Outcome.UNAVAILABLE, "Too many live streams are open from this address; try again shortly");

    private final Refusal.Body body;

    AccessRefusal(Refusal.Outcome outcome, String error) {
        this.body = Refusal.Body.of(outcome, error);
    }

    @Override
    public Refusal.Body body() {
        return body;
    }
}
