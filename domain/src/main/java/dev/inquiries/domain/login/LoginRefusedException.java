package dev.inquiries.domain.login;

/**
 * A login the service refuses (401). {@link Reason#FAILED} is one answer for an unknown user, a wrong
 * password, a deactivated user and an unknown or expired token, so that a caller cannot tell which.
 */
public final class LoginRefusedException extends RuntimeException {

    /** Why a login was refused, as far as the caller may know. */
    public enum Reason {
        /** Wrong name, password or token, or a deactivated user. */
        FAILED,
        /** The submitted name failed too often lately. */
        BLOCKED_FOR_USER,
        /** The client's address failed too often lately. */
        BLOCKED_FOR_IP
    }

    private final Reason reason;

    public LoginRefusedException(Reason reason) {
        super(reason.name(), null, false, false);
        this.reason = reason;
    }

    /** Why. */
    public Reason reason() {
        return reason;
    }
}
