package dev.inquiries.domain.moves;

import java.util.Optional;

/** The fields {@code livechat/rooms} may be ordered by, with their names on the wire. */
public enum RoomSortField {
    ID("_id"),
    TS("ts"),
    CLOSED_AT("closedAt"),
    FNAME("fname");

    private final String wireName;

    RoomSortField(String wireName) {
        this.wireName = wireName;
    }

    /** The key a client writes in the sort object. */
    public String wireName() {
        return wireName;
    }

    /** The field a client means by this key, if the room list sorts by it. */
    public static Optional<RoomSortField> fromWireName(String wireName) {
        for (RoomSortField field : values()) {
            if (field.wireName.equals(wireName)) {
                return Optional.of(field);
            }
        }
        return Optional.empty();
    }
}
