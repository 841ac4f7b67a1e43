package dev.inquiries.domain;

/**
 * A request for something the caller may not ask for (a department filter outside an agent's departments): a 400
 * whose error is the bare type, {@code {"success":false,"error":"error-not-authorized","errorType":"error-not-authorized"}}.
 */
public final class NotAuthorizedException extends InvalidRequestException {

    public static final String ERROR_TYPE = "error-not-authorized";

    public NotAuthorizedException() {
        super(ERROR_TYPE, ERROR_TYPE);
    }

    @Override
    public String error() {
        return ERROR_TYPE;
    }
}
