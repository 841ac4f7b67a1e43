package dev.inquiries.domain;

/**
 * A request the service refuses because of what the client sent. It becomes a 400 with the contract's
 * body: {@code {"success":false,"error":"<message> [<errorType>]","errorType":"<errorType>"}}.
 */
public abstract sealed class InvalidRequestException extends RuntimeException
        permits InvalidParametersException, InvalidSortException, NotFoundException, QueueRefusedException {

    private final String errorType;

    protected InvalidRequestException(String message, String errorType) {
        super(message, null, false, false);
        this.errorType = errorType;
    }

    /** The machine-readable error type, e.g. {@code invalid-params}. */
    public String errorType() {
        return errorType;
    }

    /** The message as the contract sends it, with the error type in brackets. */
    public String error() {
        return getMessage() + " [" + errorType + "]";
    }
}
