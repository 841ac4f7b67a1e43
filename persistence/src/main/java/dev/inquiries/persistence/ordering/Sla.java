package dev.inquiries.persistence.ordering;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A service level agreement (Rocket.Chat's {@code IOmnichannelServiceLevelAgreements}).
 *
 * @param id               its id
 * @param name             its name, unique
 * @param description      what it is about, if given
 * @param dueTimeInMinutes within how many minutes its chats should be answered, unique: a chat's estimatedWaitingTimeQueue
 * @param updatedAt        when it last changed
 */
public record Sla(String id, String name, Optional<String> description, int dueTimeInMinutes, Instant updatedAt) {

    public Sla {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }
}
