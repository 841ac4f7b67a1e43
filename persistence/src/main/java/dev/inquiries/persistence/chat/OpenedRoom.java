package dev.inquiries.persistence.chat;

import java.util.Objects;

/**
 * What {@code livechat/room} answers: the visitor's open room, and whether this request opened it.
 *
 * @param room    the room
 * @param newRoom whether the room was opened by this request
 */
public record OpenedRoom(Room room, boolean newRoom) {

    public OpenedRoom {
        Objects.requireNonNull(room, "room");
    }
}
