package dev.inquiries.persistence.chat;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A visitor: the person asking, known by the token its client makes (a row of {@code visitors}).
 *
 * @param id           its id
 * @param token        its token
 * @param username     {@code guest-<n>}, or the username it registered with
 * @param name         its name, if it gave one
 * @param email        its address, if it gave one
 * @param phone        its phone number, if it gave one
 * @param departmentId the department its next chat goes to, if any
 * @param createdAt    when it registered
 * @param updatedAt    when it last registered or changed
 */
public record Visitor(String id, String token, String username, Optional<String> name, Optional<String> email,
                      Optional<String> phone, Optional<String> departmentId, Instant createdAt, Instant updatedAt) {

    public Visitor {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(phone, "phone");
        Objects.requireNonNull(departmentId, "departmentId");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }
}
