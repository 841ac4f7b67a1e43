package dev.inquiries.web.api.json;


import java.io.IOException;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.inquiries.persistence.chat.OpenedRoom;
import dev.inquiries.persistence.chat.Room;
import dev.inquiries.persistence.chat.RoomPage;

/**
 * Rooms, Rocket.Chat's livechat rooms ({@code "t":"l"}): the one place a room body is written, whole
 * ({@code livechat/room}, each room of {@code livechat/rooms}) or as the widget's configuration shows it
 * ({@code livechat/config}), and the answer of a visitor's close ({@code livechat/room.close}). Keys without a value
 * are absent, never null; a room without a visitor (a chat written by SQL) has no {@code v}.
 */
public final class RoomJson {

    private RoomJson() {
    }

    /** {@code {"room":<room>,"newRoom":true|false,"success":true}}. */
    public static byte[] opened(OpenedRoom opened) {
        return JsonWriter.success(512, json -> {
            json.writeFieldName("room");
            writeRoom(json, opened.room());
            json.writeBooleanField("newRoom", opened.newRoom());
        });
    }

    /**
     * A page of {@code livechat/rooms}: {@code {"rooms":[<room>...],"count","offset","total","success":true}}, each
     * room as {@link #writeRoom} writes it (a closed one with closedAt and closer, and no open key).
     */
    public static byte[] page(RoomPage page) {
        return JsonWriter.page("rooms", page.rooms(), page.offset(), page.total(), 320, RoomJson::writeRoom);
    }

    /** {@code {"rid":"<rid>","comment":"<comment>","success":true}}: a visitor's close. */
    public static byte[] closed(String rid, String comment) {
        return JsonWriter.success(json -> {
            json.writeStringField("rid", rid);
            json.writeStringField("comment", comment);
        });
    }

    /**
     * A room: {@code {"_id","t":"l","fname","ts","departmentId"?,"v"?:{"_id","username","token"},"open"?:true,
     * "servedBy"?:{"_id","username","ts"},"queuedAt"?,"priorityId"?,"priorityWeight","slaId"?,
     * "estimatedWaitingTimeQueue","_updatedAt","closedAt"?,"closer"?}}.
     */
    static void writeRoom(JsonGenerator json, Room room) throws IOException {
        json.writeStartObject();
        json.writeStringField("_id", room.rid());
        json.writeStringField("t", "l");
        json.writeStringField("fname", room.fname());
        json.writeStringField("ts", IsoTimestamps.format(room.ts()));
        if (room.departmentId().isPresent()) {
            json.writeStringField("departmentId", room.departmentId().get());
        }
        if (room.visitor().isPresent()) {
            json.writeObjectFieldStart("v");
            json.writeStringField("_id", room.visitor().get().id());
            json.writeStringField("username", room.visitor().get().username());
            json.writeStringField("token", room.visitor().get().token());
            json.writeEndObject();
        }
        if (room.open()) {
            json.writeBooleanField("open", true); // Rocket.Chat unsets it on close: a closed room has no key
        }
        writeServedBy(json, room);
        if (room.queuedAt().isPresent()) {
            json.writeStringField("queuedAt", IsoTimestamps.format(room.queuedAt().get()));
        }
        InquiryJson.writeOrdering(json, room.ordering());
        json.writeStringField("_updatedAt", IsoTimestamps.format(room.updatedAt()));
        if (room.closedAt().isPresent()) {
            json.writeStringField("closedAt", IsoTimestamps.format(room.closedAt().get()));
        }
        if (room.closer().isPresent()) {
            json.writeStringField("closer", room.closer().get());
        }
        json.writeEndObject();
    }

    /** A room as the widget's configuration shows it: {@code {"_id","departmentId"?,"servedBy"?,"open"}}. */
    static void writeConfigRoom(JsonGenerator json, Room room) throws IOException {
        json.writeStartObject();
        json.writeStringField("_id", room.rid());
        if (room.departmentId().isPresent()) {
            json.writeStringField("departmentId", room.departmentId().get());
        }
        writeServedBy(json, room);
        json.writeBooleanField("open", room.open());
        json.writeEndObject();
    }

    /** The agent serving the room, as the widget's configuration names it: {@code {"_id","username"}}. */
    static void writeAgent(JsonGenerator json, Room.ServedBy agent) throws IOException {
        json.writeStartObject();
        json.writeStringField("_id", agent.id());
        json.writeStringField("username", agent.username());
        json.writeEndObject();
    }

    private static void writeServedBy(JsonGenerator json, Room room) throws IOException {
        if (room.servedBy().isPresent()) {
            Room.ServedBy agent = room.servedBy().get();
            json.writeObjectFieldStart("servedBy");
            json.writeStringField("_id", agent.id());
            json.writeStringField("username", agent.username());
            json.writeStringField("ts", IsoTimestamps.format(agent.since()));
            json.writeEndObject();
        }
    }
}
