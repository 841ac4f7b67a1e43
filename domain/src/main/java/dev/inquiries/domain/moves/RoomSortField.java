package dev.inquiries.domain.moves;

import dev.inquiries.domain.ListField;

/** The fields {@code livechat/rooms} may be ordered by: {@code _id, ts, closedAt, fname}. */
public enum RoomSortField implements ListField {
    ID,
    TS,
    CLOSED_AT,
    FNAME
}
