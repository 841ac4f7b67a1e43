package dev.inquiries.domain;

import java.util.Optional;

/** The refusals of a request's own content: its parameters, its body, its sort, what it names. */
public enum RequestRefusal implements Refusal.Reason {
    /** A parameter or body field that is unknown, repeated, missing or not a value the endpoint accepts. */
    INVALID_PARAMS("invalid-params"),
    /** A {@code sort} that is not a sort object of the list's fields. */
    INVALID_SORT("error-invalid-sort"),
    /**
     * A date parameter that is not a date ({@code permissions.listAll}'s {@code updatedSince}); the errorType is
     * Rocket.Chat's, room in its name and all.
     */
    INVALID_DATE("error-roomId-param-invalid"),
    /** A request that names something the service does not have (an agent, say). */
    NOT_FOUND("error-not-found"),
    /** Rocket.Chat's {@code check()} failing ({@code Match error: ...}): no errorType. */
    MATCH_ERROR(null);

    private final String errorType;

    RequestRefusal(String errorType) {
        this.errorType = errorType;
    }

    @Override
    public Refusal.Outcome outcome() {
        return Refusal.Outcome.INVALID;
    }

    @Override
    public Optional<String> errorType() {
        return Optional.ofNullable(errorType);
    }
}
