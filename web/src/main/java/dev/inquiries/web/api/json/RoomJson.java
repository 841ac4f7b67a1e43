package dev.inquiries.web.api.json;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.inquiries.persistence.chat.OpenedRoom;
import dev.inquiries.persistence.chat.Room;

/**
 * Rooms, Rocket.Chat's livechat rooms ({@code "t":"l"}): the one place a room body is written, whole
 * ({@code livechat/room}) or as the widget's configuration shows it ({@code livechat/config}), and the answer of a
 * visitor's close ({@code livechat/room.close}).
 */
public final class RoomJson {

    /** A room's priority weight while it has no priority (none exist yet): the lowest, last in a priority order. */
    static final int NO_PRIORITY_WEIGHT = 99;
    /** A room's estimated waiting time while it has no SLA (none exist yet): the longest, last in an SLA order. */
    static final int NO_SLA_WAITING_TIME = 9_999_999;

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

    /** {@code {"rid":"<rid>","comment":"<comment>","success":true}}: a visitor's close. */
    public static byte[] closed(String rid, String comment) {
        return JsonWriter.success(json -> {
            json.writeStringField("rid", rid);
            json.writeStringField("comment", comment);
        });
    }

    /**
     * A room: {@code {"_id","t":"l","fname","ts","departmentId"?,"v":{"_id","username","token"},"open",
     * "servedBy"?:{"_id","username","ts"},"queuedAt"?,"priorityWeight","estimatedWaitingTimeQueue","_updatedAt",
     * "closedAt"?,"closer"?}}.
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
        json.writeObjectFieldStart("v");
        json.writeStringField("_id", room.visitor().id());
        json.writeStringField("username", room.visitor().username());
        json.writeStringField("token", room.visitor().token());
        json.writeEndObject();
        json.writeBooleanField("open", room.open());
        writeServedBy(json, room);
        if (room.queuedAt().isPresent()) {
            json.writeStringField("queuedAt", IsoTimestamps.format(room.queuedAt().get()));
        }
        json.writeNumberField("priorityWeight", NO_PRIORITY_WEIGHT);
        json.writeNumberField("estimatedWaitingTimeQueue", NO_SLA_WAITING_TIME);
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
