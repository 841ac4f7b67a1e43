package dev.inquiries.domain.login;

import dev.inquiries.domain.Refusal;

/**
 * A login the service refuses (401). {@link Reason#FAILED} is one answer for an unknown user, a wrong
 * password, a deactivated user and an unknown or expired token, so that a caller cannot tell which.
 */
public final class LoginRefusedException extends Refusal {

    /** Why a login was refused, as far as the caller may know, with the contract's body for each. */
    public enum Reason implements Refusal.BodyReason {
        /** Wrong name, password or token, or a deactivated user. */
        FAILED("Unauthorized", "Unauthorized"),
        /** The submitted name failed too often lately. */
        BLOCKED_FOR_USER("error-login-blocked-for-user",
                "Login has been temporarily blocked for this user after repeated failures"),
        /** The client's address failed too often lately. */
        BLOCKED_FOR_IP("error-login-blocked-for-ip",
                "Login has been temporarily blocked for this address after repeated failures");

        private final Body body;

        Reason(String error, String message) {
            this.body = Body.of(Outcome.LOGIN_REFUSED, error).withMessage(message);
        }

        @Override
        public Body body() {
            return body;
        }
    }

    public LoginRefusedException(Reason reason) {
        super(reason);
    }

    /** Why. */
    @Override
    public Reason reason() {
        return (Reason) super.reason();
    }
}
