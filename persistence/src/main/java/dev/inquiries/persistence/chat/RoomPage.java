package dev.inquiries.persistence.chat;

import java.util.List;

/**
 * One page of {@code livechat/rooms}.
 *
 * @param rooms  the rooms of the page, in order
 * @param offset the offset used
 * @param total  how many rooms match the filter, across all pages
 */
public record RoomPage(List<Room> rooms, long offset, long total) {

    public RoomPage {
        rooms = List.copyOf(rooms);
    }
}
