package dev.inquiries.web.api.json;

import static dev.inquiries.web.api.json.JsonWriter.COUNT;
import static dev.inquiries.web.api.json.JsonWriter.ID;
import static dev.inquiries.web.api.json.JsonWriter.OFFSET;
import static dev.inquiries.web.api.json.JsonWriter.TOTAL;
import static dev.inquiries.web.api.json.JsonWriter.field;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.inquiries.persistence.chat.ListedRoom;
import dev.inquiries.persistence.chat.RoomPage;

/**
 * The body of {@code livechat/rooms}: {@code {"rooms":[...],"count","offset","total","success":true}}, each room as
 * the contract's "Visitors: the way in" writes one, plus {@code closedAt} and {@code closer} once closed. A closed
 * room has no {@code open} key, as Rocket.Chat unsets it on close; keys without a value are absent, never null.
 */
public final class RoomListJson {

    /** No priority yet: Rocket.Chat's weight of a room without one (the contract's "no priority = 99"). */
    private static final int NO_PRIORITY_WEIGHT = 99;
    /** No SLA yet: Rocket.Chat's waiting time of a room without one (the contract's "no SLA = 9999999"). */
    private static final int NO_SLA_WAITING_TIME = 9_999_999;

    private RoomListJson() {
    }

    /** The page. */
    public static byte[] page(RoomPage page) {
        return JsonWriter.success(128 + 320 * page.rooms().size(), json -> {
            json.writeArrayFieldStart("rooms");
            for (ListedRoom room : page.rooms()) {
                room(json, room);
            }
            json.writeEndArray();
            field(json, COUNT, page.rooms().size());
            field(json, OFFSET, page.offset());
            field(json, TOTAL, page.total());
        });
    }

    private static void room(JsonGenerator json, ListedRoom room) throws IOException {
        json.writeStartObject();
        field(json, ID, room.id());
        json.writeStringField("t", "l");
        json.writeStringField("fname", room.fname());
        json.writeStringField("ts", IsoTimestamps.format(room.ts()));
        if (room.departmentId().isPresent()) {
            json.writeStringField("departmentId", room.departmentId().get());
        }
        if (room.visitor().isPresent()) {
            json.writeObjectFieldStart("v");
            field(json, ID, room.visitor().get().id());
            json.writeStringField("username", room.visitor().get().username());
            json.writeStringField("token", room.visitor().get().token());
            json.writeEndObject();
        }
        if (room.open()) {
            json.writeBooleanField("open", true);
        }
        if (room.servedBy().isPresent()) {
            json.writeObjectFieldStart("servedBy");
            field(json, ID, room.servedBy().get().id());
            json.writeStringField("username", room.servedBy().get().username());
            json.writeStringField("ts", IsoTimestamps.format(room.servedBy().get().ts()));
            json.writeEndObject();
        }
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
}
