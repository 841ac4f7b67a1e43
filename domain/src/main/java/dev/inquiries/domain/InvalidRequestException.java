package dev.inquiries.domain;

/**
 * A {@link Refusal} of the request's content that says what is wrong: a 400 with the contract's body,
 * {@code {"success":false,"error":"<message> [<errorType>]","errorType":"<errorType>"}}.
 */
public abstract sealed class InvalidRequestException extends Refusal
        permits InvalidParametersException, InvalidSortException {

    protected InvalidRequestException(RequestRefusal reason, String message) {
        super(reason, message);
    }

    /** The machine-readable error type, e.g. {@code invalid-params}. */
    public String errorType() {
        return reason().errorType().orElseThrow();
    }
}
