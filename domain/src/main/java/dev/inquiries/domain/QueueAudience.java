package dev.inquiries.domain;

import java.util.Objects;
import java.util.Optional;

/**
 * Whose view of the queue a stream shows: a user, the list it mirrors, and that list's department filter, resolved
 * to a department id. Subscribers with equal audiences see the same events, so changes are decided once per audience.
 *
 * @param userId       the subscriber's user id
 * @param view         the list the stream mirrors
 * @param departmentId the filter's department id; empty for no filter
 * @param matchesNone  whether the filter named no department (such a stream shows no inquiry at all: a filter
 *                     never widens a result)
 */
public record QueueAudience(String userId, QueueView view, Optional<String> departmentId, boolean matchesNone) {

    public QueueAudience {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(view, "view");
        Objects.requireNonNull(departmentId, "departmentId");
    }
}
