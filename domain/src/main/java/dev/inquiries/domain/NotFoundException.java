package dev.inquiries.domain;

/** A request that names something the service does not have (an agent, say): a 400 {@code error-not-found}. */
public final class NotFoundException extends InvalidRequestException {

    public static final String ERROR_TYPE = "error-not-found";

    public NotFoundException(String message) {
        super(message, ERROR_TYPE);
    }
}
