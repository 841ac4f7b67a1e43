package dev.inquiries.domain;

import java.util.Objects;

/**
 * A group of agents. Inquiries may belong to one; the list can be filtered by its id or its name.
 *
 * @param id   the department's id
 * @param name its unique name
 */
public record Department(String id, String name) {

    public Department {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
    }
}
