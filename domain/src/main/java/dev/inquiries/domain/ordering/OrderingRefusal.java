package dev.inquiries.domain.ordering;

import dev.inquiries.domain.Refusal;

/**
 * The refusals of the priority and SLA endpoints: Rocket.Chat's plain codes, {@code {"success":false,"error":"<code>"}}
 * without an errorType (its enterprise handlers throw plain errors), and its 404 sentences for a path naming nothing.
 */
public enum OrderingRefusal implements Refusal.BodyReason {
    /** An SLA whose name or due time another SLA has. */
    DUPLICATED_SLA(Refusal.Outcome.INVALID, "error-duplicated-sla"),
    /** A priority's new name that another priority has (custom or default, without regard to case). */
    DUPLICATE_PRIORITY_NAME(Refusal.Outcome.INVALID, "error-duplicate-priority-name"),
    /** room/:rid/priority: no priority with that id. */
    INVALID_PRIORITY(Refusal.Outcome.INVALID, "error-invalid-priority"),
    /** inquiry.setSLA: no SLA with that id or name. */
    INVALID_SLA(Refusal.Outcome.INVALID, "error-invalid-sla"),
    /** room/:rid/priority: no open or closed room with that id that the caller may see. */
    ROOM_NOT_FOUND(Refusal.Outcome.INVALID, "error-room-does-not-exist"),
    /** room/:rid/priority: the room is closed. */
    ROOM_CLOSED(Refusal.Outcome.INVALID, "room-closed"),
    /** inquiry.setSLA: no queued inquiry of that room that the caller may see. */
    INVALID_INQUIRY(Refusal.Outcome.INVALID, "error-invalid-inquiry"),
    /** priorities/:id: none has that id ({@code Priority with id <id> not found}). */
    PRIORITY_NOT_FOUND(Refusal.Outcome.NOT_FOUND, "Priority with id %s not found"),
    /** sla/:id: none has that id ({@code SLA with id <id> not found}). */
    SLA_NOT_FOUND(Refusal.Outcome.NOT_FOUND, "SLA with id %s not found");

    private final Refusal.Body body;

    OrderingRefusal(Refusal.Outcome outcome, String error) {
        this.body = Refusal.Body.of(outcome, error);
    }

    @Override
    public Refusal.Body body() {
        return body;
    }

    /** The refusal of a path naming nothing: its sentence ({@code %s} in the error) with the id the path gave. */
    public Refusal refusal(String id) {
        return new Refusal(this, error().formatted(id));
    }
}
