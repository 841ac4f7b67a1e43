package dev.inquiries.persistence.chat;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A room as {@code livechat/rooms} lists it: its inquiry row (V32), with the visitor and the agent it names.
 *
 * @param id           the room's id ({@code rid})
 * @param fname        the visitor's name as the chat shows it
 * @param ts           when the room was opened
 * @param departmentId its department, if any
 * @param visitor      its visitor, if it has one (chats written by SQL may not)
 * @param open         whether it is open (not closed)
 * @param servedBy     the agent serving it (or who served it last, for a closed room), if any
 * @param queuedAt     when it last entered the queue, if known
 * @param updatedAt    when the row last changed
 * @param closedAt     when it was closed, if it was
 * @param closer       who closed it (visitor, user, system), if it was
 */
public record ListedRoom(String id, String fname, Instant ts, Optional<String> departmentId, Optional<Visitor> visitor,
                         boolean open, Optional<Agent> servedBy, Optional<Instant> queuedAt, Instant updatedAt,
                         Optional<Instant> closedAt, Optional<String> closer) {

    public ListedRoom {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(fname, "fname");
        Objects.requireNonNull(ts, "ts");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    /** The room's visitor: {@code v}. */
    public record Visitor(String id, String username, String token) {
    }

    /** The serving agent and when it took the room: {@code servedBy}. */
    public record Agent(String id, String username, Instant ts) {
    }
}
