package dev.inquiries.domain;

/** A query parameter that is unknown, repeated, or not a value the endpoint accepts. */
public final class InvalidParametersException extends InvalidRequestException {

    public static final String ERROR_TYPE = "invalid-params";

    public InvalidParametersException(String message) {
        super(message, ERROR_TYPE);
    }
}
