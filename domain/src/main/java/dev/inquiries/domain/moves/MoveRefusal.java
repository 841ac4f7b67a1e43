package dev.inquiries.domain.moves;

import dev.inquiries.domain.Refusal;

/**
 * The refusals of moving and ending a served chat (the contract's "After a take"): plain 400s,
 * {@code {"success":false,"error":"<code>"}}, without an errorType, as Rocket.Chat answers them.
 */
public enum MoveRefusal implements Refusal.BodyReason {
    /** closeByUser, room.forward: no open or closed room with that id that the caller may see. */
    INVALID_ROOM("error-invalid-room"),
    /** closeByUser: the room is closed already. */
    ROOM_ALREADY_CLOSED("error-room-already-closed"),
    /** closeByUser, returnAsInquiry: the caller neither serves the room nor may move others' rooms there. */
    NOT_AUTHORIZED("error-not-authorized"),
    /** closeByUser: no comment while {@code Livechat_request_comment_when_closing_conversation} is on. */
    COMMENT_REQUIRED("error-comment-is-required"),
    /** returnAsInquiry: no room with that id that the caller may see. */
    ROOM_NOT_FOUND("error-room-not-found"),
    /** returnAsInquiry: the room is closed. */
    ROOM_CLOSED("room-closed"),
    /** room.forward: the room is closed. */
    CONVERSATION_CLOSED("This_conversation_is_already_closed"),
    /** room.forward to an agent that is not an active, available agent (or no user at all). */
    USER_OFFLINE("error-user-is-offline"),
    /** room.forward to an agent that serves as many open chats as its capacity allows. */
    MAX_CHATS_REACHED("error-max-number-simultaneous-chats-reached"),
    /** room.forward to the agent that serves the room already. */
    SAME_AGENT("error-selected-agent-room-agent-are-same"),
    /** room.forward, returnAsInquiry: a department that does not exist or is disabled. */
    INVALID_DEPARTMENT("error-invalid-department"),
    /** room.forward to neither an agent nor a department (Rocket.Chat's failed transfer). */
    FORWARDING_FAILED("error-forwarding-chat"),
    /** room.forward to the department the room is in already. */
    SAME_DEPARTMENT("error-forwarding-chat-same-department");

    private final Refusal.Body body;

    MoveRefusal(String error) {
        this.body = Refusal.Body.invalid(error);
    }

    @Override
    public Refusal.Body body() {
        return body;
    }
}
