package dev.inquiries.domain;

/** A parameter or body field that is unknown, repeated, missing, or not a value the endpoint accepts. */
public final class InvalidParametersException extends InvalidRequestException {

    public static final String ERROR_TYPE = "invalid-params";

    public InvalidParametersException(String message) {
        super(RequestRefusal.INVALID_PARAMS, message);
    }
}
