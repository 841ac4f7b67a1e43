package dev.inquiries.domain.visitor;

import java.util.Optional;

import dev.inquiries.domain.Refusal;

/**
 * The refusals of the visitor endpoints ({@code livechat/visitor}, {@code livechat/room}, {@code livechat/room.close}),
 * each with the exact body the contract gives it ("Visitors: the way in"): Rocket.Chat's plain codes
 * ({@code {"success":false,"error":"invalid-token"}}) where it sends no errorType, its sentence with the type in
 * brackets where it does.
 */
public enum VisitorRefusal implements Refusal.FixedReason {
    /** A visitor token that is empty (or only blanks). */
    EMPTY_TOKEN("Token cannot be empty", "error-invalid-token"),
    /** A department, by id or name, that does not exist. */
    INVALID_DEPARTMENT("The provided department is invalid", "error-invalid-department"),
    /** A username for a new visitor that another visitor has. */
    USERNAME_TAKEN("The username is already in use", "error-field-unavailable"),
    /** No visitor has the token. */
    INVALID_TOKEN("invalid-token", null),
    /** The visitor has no such room (open, for {@code livechat/room}). */
    INVALID_ROOM("invalid-room", null),
    /** The room is closed already. */
    ROOM_CLOSED("room-closed", null),
    /** Nobody could take a new chat, and chats are not accepted without agents (or the queue is full). */
    NO_AGENT_ONLINE("Sorry, no online agents", "no-agent-online"),
    /** A priority, by id or name, that names none. */
    INVALID_PRIORITY("Invalid priority", "error-invalid-priority"),
    /** An SLA, by id or name, that names none. */
    INVALID_SLA("Invalid sla", "error-invalid-sla");

    private final String error;
    private final String errorType;

    VisitorRefusal(String message, String errorType) {
        this.error = errorType == null ? message : message + " [" + errorType + "]";
        this.errorType = errorType;
    }

    @Override
    public Refusal.Outcome outcome() {
        return Refusal.Outcome.INVALID;
    }

    @Override
    public String error() {
        return error;
    }

    @Override
    public Optional<String> errorType() {
        return Optional.ofNullable(errorType);
    }

    /** The refusal to throw. */
    public Refusal refusal() {
        return new Refusal(this);
    }
}
