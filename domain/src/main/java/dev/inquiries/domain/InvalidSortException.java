package dev.inquiries.domain;

/**
 * A {@code sort} parameter that is not a JSON object of listed fields with values 1 or -1. The message
 * quotes the raw value, as Rocket.Chat's does.
 */
public final class InvalidSortException extends InvalidRequestException {

    public static final String ERROR_TYPE = "error-invalid-sort";

    public InvalidSortException(String rawValue) {
        super(RequestRefusal.INVALID_SORT, "Invalid sort parameter provided: \"" + rawValue + "\"");
    }
}
