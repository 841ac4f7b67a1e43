package dev.inquiries.domain;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

import dev.inquiries.domain.ordering.OrderingFields;

/**
 * One inquiry as {@code inquiries.getOne} and {@code inquiries.take} show it: the list's fields and when it
 * last changed, entered the queue and was taken, the agent it is routed to and the agent who took it.
 *
 * @param inquiry      the list's fields
 * @param updatedAt    when the row last changed
 * @param queuedAt     when it entered the queue, where recorded
 * @param takenAt      when it was taken; absent until then
 * @param defaultAgent the agent it is routed to, if any
 * @param servedBy     the agent who took it; absent until taken
 * @param ordering     its priority and SLA, and its place in their queue orders
 * @param visitor      the visitor whose chat it is ({@code v}); absent for a chat written by SQL without one
 */
public record InquiryRecord(Inquiry inquiry, Instant updatedAt, Optional<Instant> queuedAt, Optional<Instant> takenAt,
                            Optional<Agent> defaultAgent, Optional<Agent> servedBy, OrderingFields ordering,
                            Optional<Visitor> visitor) {

    public InquiryRecord {
        Objects.requireNonNull(inquiry, "inquiry");
        Objects.requireNonNull(updatedAt, "updatedAt");
        Objects.requireNonNull(queuedAt, "queuedAt");
        Objects.requireNonNull(takenAt, "takenAt");
        Objects.requireNonNull(defaultAgent, "defaultAgent");
        Objects.requireNonNull(servedBy, "servedBy");
        Objects.requireNonNull(ordering, "ordering");
        Objects.requireNonNull(visitor, "visitor");
    }

    /** The visitor of an inquiry or of its room ({@code v}): its id, username and token. */
    public record Visitor(String id, String username, String token) {

        public Visitor {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(username, "username");
            Objects.requireNonNull(token, "token");
        }
    }

    /** An agent named in a record: its id and username. */
    public record Agent(String id, String username) {

        public Agent {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(username, "username");
        }
    }
}
