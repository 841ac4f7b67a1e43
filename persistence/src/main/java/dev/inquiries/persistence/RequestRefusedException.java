package dev.inquiries.persistence;

/**
 * A change the caller asked for that the data do not allow: a taken username, an unknown role, a user
 * that does not exist. The caller's mistake, with a message written for them; anything else that fails is
 * not one, so that a bug is never shown as the user's error.
 */
public final class RequestRefusedException extends RuntimeException {

    public RequestRefusedException(String message) {
        super(message);
    }
}
