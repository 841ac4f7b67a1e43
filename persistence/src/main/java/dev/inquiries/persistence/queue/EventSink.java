package dev.inquiries.persistence.queue;

/**
 * Where one subscriber's events go, from a consumer of the {@link ChangeFollower}: the queue's stream now, the
 * visitor's room stream later. Called on the follower's thread (or the stopping one): neither method may block.
 *
 * @param <E> the events of the stream
 */
public interface EventSink<E> {

    /** Takes the event, or answers false when it is full (the subscription then ends as {@link Ending#OVERFLOWED}). */
    boolean offer(E event);

    /** The subscription ended (called once); nothing more is offered. */
    void ended(Ending why);

    /** Why a subscription ended. */
    enum Ending {
        /** The sink was full: the subscriber does not read (it may reconnect with its Last-Event-ID). */
        OVERFLOWED,
        /** Its token is no longer valid, or its user no longer holds the permission: it must not reconnect. */
        RIGHT_LAPSED,
        /** The server is stopping. */
        STOPPING
    }
}
