package dev.inquiries.persistence;

import java.util.List;

/**
 * A user as the command line shows it.
 *
 * @param id       the user's id
 * @param username its unique name
 * @param roles    the roles it holds, sorted
 * @param active   whether it may call the API
 */
public record User(String id, String username, List<String> roles, boolean active) {

    public User {
        roles = List.copyOf(roles);
    }
}
