package dev.inquiries.persistence.chat;

import org.jdbi.v3.core.Handle;

/**
 * What happens when a chat re-enters a queue after a take (returned, or forwarded to a department): the one place
 * where routing plugs in. It runs in the move's transaction, after the move's statement, so a routing method that
 * assigns the chat at once commits with the move or not at all. Under Manual_Selection, the only method so far, the
 * chat simply waits in its queue for an agent to take it.
 */
@FunctionalInterface
public interface QueueEntry {

    /** Manual_Selection: nothing to do; the queue's stream shows the chat {@code added} and agents take it. */
    QueueEntry MANUAL_SELECTION = (handle, roomId) -> {
    };

    /** The room {@code roomId} has just re-entered a queue, in the transaction of {@code handle}. */
    void entered(Handle handle, String roomId);
}
