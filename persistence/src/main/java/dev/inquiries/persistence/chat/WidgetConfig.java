package dev.inquiries.persistence.chat;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import dev.inquiries.persistence.queue.QueuePosition;

/**
 * What {@code livechat/config} tells a visitor's widget when it starts.
 *
 * @param online      whether a chat could come in now (an agent on duty, in the department asked about; or chats are
 *                    accepted without agents)
 * @param departments the departments a visitor may choose: enabled, with at least one agent
 * @param guest       the visitor of the token given, if one was given and names a visitor
 * @param room        that visitor's open room, if it has one
 * @param queue       that room's place in its queue, while it is queued
 */
public record WidgetConfig(boolean online, List<Department> departments, Optional<Visitor> guest, Optional<Room> room,
                           Optional<QueuePosition> queue) {

    public WidgetConfig {
        departments = List.copyOf(departments);
        Objects.requireNonNull(guest, "guest");
        Objects.requireNonNull(room, "room");
        Objects.requireNonNull(queue, "queue");
    }

    /** A department a visitor may choose. */
    public record Department(String id, String name) {
        public Department {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(name, "name");
        }
    }
}
