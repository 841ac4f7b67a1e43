package dev.inquiries.persistence.ordering;

import java.util.Objects;
import java.util.Optional;

/**
 * One of the five fixed priorities (Rocket.Chat's {@code ILivechatPriority}).
 *
 * @param id       its stable id
 * @param name     the custom name a manager gave it, if any
 * @param i18n     its default name: Highest, High, Medium, Low, Lowest
 * @param sortItem its place, 1 (Highest) to 5 (Lowest): a chat's priorityWeight
 * @param dirty    whether it has a custom name
 */
public record Priority(String id, Optional<String> name, String i18n, int sortItem, boolean dirty) {

    public Priority {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(i18n, "i18n");
    }
}
