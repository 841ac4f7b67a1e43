package dev.inquiries.domain;

import java.util.Objects;
import java.util.Optional;

/**
 * One event of the live queue, as one subscriber sees it: reload everything ({@link Type#RESET}), or an inquiry
 * that entered its view, changed in it, or left it.
 *
 * @param type     what happened
 * @param position the change's place in the stream (the SSE id), or for a reset the position it resets to
 * @param inquiry  the inquiry's list fields; empty for a reset
 */
public record QueueEvent(Type type, long position, Optional<Inquiry> inquiry) {

    /** What happened, with its name on the wire ({@code event:} and {@code "type"}). */
    public enum Type {
        RESET("reset"), ADDED("added"), CHANGED("changed"), REMOVED("removed");

        private final String wireName;

        Type(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }
    }

    public QueueEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(inquiry, "inquiry");
        if ((type == Type.RESET) != inquiry.isEmpty()) {
            throw new IllegalArgumentException("A reset carries no inquiry, every other event one");
        }
    }

    /** Reload the list; the stream goes on after this position. */
    public static QueueEvent reset(long position) {
        return new QueueEvent(Type.RESET, position, Optional.empty());
    }

    /** An inquiry's event. */
    public static QueueEvent of(Type type, long position, Inquiry inquiry) {
        return new QueueEvent(type, position, Optional.of(inquiry));
    }

    /**
     * The event a change is for a subscriber that did or did not see the inquiry before it, and does or does not
     * after: added, changed, removed, or none at all.
     */
    public static Optional<Type> between(boolean visibleBefore, boolean visibleAfter) {
        if (visibleBefore) {
            return Optional.of(visibleAfter ? Type.CHANGED : Type.REMOVED);
        }
        return visibleAfter ? Optional.of(Type.ADDED) : Optional.empty();
    }
}
