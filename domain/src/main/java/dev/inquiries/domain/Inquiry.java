package dev.inquiries.domain;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An incoming chat that no agent has taken yet, as the list shows it.
 *
 * @param id           the inquiry's id ({@code _id} on the wire)
 * @param rid          the id of the room the chat happens in
 * @param name         the visitor's name
 * @param ts           when the inquiry was queued
 * @param status       where it stands
 * @param departmentId the department it belongs to, or {@code null} when it belongs to none
 */
public record Inquiry(String id, String rid, String name, Instant ts, InquiryStatus status, String departmentId) {

    public Inquiry {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(rid, "rid");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(ts, "ts");
        Objects.requireNonNull(status, "status");
    }

    /** The department, when the inquiry has one. */
    public Optional<String> department() {
        return Optional.ofNullable(departmentId);
    }
}
