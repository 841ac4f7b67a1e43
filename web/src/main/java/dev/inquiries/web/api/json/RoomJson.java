package dev.inquiries.web.api.json;

import static dev.inquiries.web.api.json.JsonWriter.optionalField;

import java.io.IOException;
import java.time.Instant;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.inquiries.domain.InquiryRecord;
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
        optionalField(json, "departmentId", room.departmentId());
        if (room.visitor().isPresent()) {
            writeRoomVisitor(json, room.visitor().get());
        }
        if (room.open()) {
            json.writeBooleanField("open", true); // Rocket.Chat unsets it on close: a closed room has no key
        }
        writeServedBy(json, room);
        optionalField(json, "queuedAt", room.queuedAt().map(IsoTimestamps::format));
        InquiryJson.writeOrdering(json, room.ordering());
        json.writeStringField("_updatedAt", IsoTimestamps.format(room.updatedAt()));
        optionalField(json, "closedAt", room.closedAt().map(IsoTimestamps::format));
        optionalField(json, "closer", room.closer());
        json.writeEndObject();
    }

    /** A room as the widget's configuration shows it: {@code {"_id","departmentId"?,"servedBy"?,"open"}}. */
    static void writeConfigRoom(JsonGenerator json, Room room) throws IOException {
        json.writeStartObject();
        json.writeStringField("_id", room.rid());
        optionalField(json, "departmentId", room.departmentId());
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

    /** The visitor of a room or of its inquiry: {@code "v":{"_id","username","token"}}. */
    static void writeRoomVisitor(JsonGenerator json, InquiryRecord.Visitor visitor) throws IOException {
        json.writeObjectFieldStart("v");
        json.writeStringField("_id", visitor.id());
        json.writeStringField("username", visitor.username());
        json.writeStringField("token", visitor.token());
        json.writeEndObject();
    }

    /** The agent serving a room or its inquiry, and since when: {@code "servedBy":{"_id","username","ts"}}. */
    static void writeServedBy(JsonGenerator json, String id, String username, Instant since) throws IOException {
        json.writeObjectFieldStart("servedBy");
        json.writeStringField("_id", id);
        json.writeStringField("username", username);
        json.writeStringField("ts", IsoTimestamps.format(since));
        json.writeEndObject();
    }

    private static void writeServedBy(JsonGenerator json, Room room) throws IOException {
        if (room.servedBy().isPresent()) {
            Room.ServedBy agent = room.servedBy().get();
            writeServedBy(json, agent.id(), agent.username(), agent.since());
        }
    }
}
