package dev.inquiries.persistence.chat;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

import dev.inquiries.domain.InquiryRecord;
import dev.inquiries.domain.ordering.OrderingFields;

/**
 * A chat's room: its inquiry's row of {@code inquiries} seen as Rocket.Chat's livechat room (its {@code _id} is the
 * inquiry's {@code rid}), with the visitor whose chat it is.
 *
 * @param rid          the room's id
 * @param inquiryId    its inquiry's id
 * @param fname        the name shown for it: the inquiry's name (the visitor's name, or its username)
 * @param ts           when it was opened (the inquiry's ts)
 * @param departmentId its department, if any
 * @param visitor      its visitor ({@code v}: id, username and token, as its inquiry names it); none for a chat
 *                     written by SQL without a visitor
 * @param servedBy     the agent serving it and since when (as each read says: while it is taken, or who served it last)
 * @param queuedAt     when it last entered the queue, where recorded
 * @param updatedAt    when its row last changed
 * @param closedAt     when it was closed; empty while it is open
 * @param closer       who closed it ({@code visitor}, {@code user}, {@code system}); empty while it is open
 * @param ordering     its priority and SLA, and its place in their queue orders
 */
public record Room(String rid, String inquiryId, String fname, Instant ts, Optional<String> departmentId,
                   Optional<InquiryRecord.Visitor> visitor, Optional<ServedBy> servedBy, Optional<Instant> queuedAt, Instant updatedAt,
                   Optional<Instant> closedAt, Optional<String> closer, OrderingFields ordering) {

    public Room {
        Objects.requireNonNull(rid, "rid");
        Objects.requireNonNull(inquiryId, "inquiryId");
        Objects.requireNonNull(fname, "fname");
        Objects.requireNonNull(ts, "ts");
        Objects.requireNonNull(departmentId, "departmentId");
        Objects.requireNonNull(visitor, "visitor");
        Objects.requireNonNull(servedBy, "servedBy");
        Objects.requireNonNull(queuedAt, "queuedAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        Objects.requireNonNull(closedAt, "closedAt");
        Objects.requireNonNull(closer, "closer");
        Objects.requireNonNull(ordering, "ordering");
    }

    /** Whether the room is open: not closed. */
    public boolean open() {
        return closedAt.isEmpty();
    }

    /** The agent serving a room ({@code servedBy}): its id, username, and when it took the room. */
    public record ServedBy(String id, String username, Instant since) {
        public ServedBy {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(username, "username");
            Objects.requireNonNull(since, "since");
        }
    }
}
