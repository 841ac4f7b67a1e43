package dev.inquiries.domain;

/**
 * A refusal of the agents' queue endpoints, each with the exact body Rocket.Chat sends for it (the
 * contract's "The queue for agents"): not every one has an error type, and those of a take name the method.
 */
public final class QueueRefusedException extends Refusal {

    private static final String TAKE = "livechat:takeInquiry";

    /** Why, with the contract's body for each. */
    public enum Reason implements Refusal.BodyReason {
        /** A queuedForUser department filter that is not one of the caller's enabled departments. */
        DEPARTMENT_NOT_AUTHORIZED("error-not-authorized", "error-not-authorized", null),
        /** A take for a {@code userId} that names no user. */
        INVALID_USER("The user is invalid", null, null),
        /** A take of an inquiry that does not exist or that the caller may not see. */
        INQUIRY_NOT_FOUND("Inquiry not found [error-not-found]", "error-not-found", TAKE),
        /** A take of an inquiry someone has taken (or that left the queue otherwise). */
        INQUIRY_TAKEN("Inquiry already taken [error-inquiry-taken]", "error-inquiry-taken", TAKE),
        /** A take for an agent that is not an active, available agent. */
        AGENT_OFFLINE("Agent status is offline or Omnichannel service is not active [error-agent-status-service-offline]",
                "error-agent-status-service-offline", TAKE),
        /** A take that would have the taker serve more open chats than its capacity (V36's rule). */
        MAX_CHATS_REACHED("Not allowed [error-max-number-simultaneous-chats-reached]",
                "error-max-number-simultaneous-chats-reached", TAKE);

        private final Body body;

        Reason(String error, String errorType, String method) {
            this.body = Body.invalid(error).withErrorType(errorType).withMethod(method);
        }

        @Override
        public Body body() {
            return body;
        }
    }

    public QueueRefusedException(Reason reason) {
        super(reason);
    }

    @Override
    public Reason reason() {
        return (Reason) super.reason();
    }
}
