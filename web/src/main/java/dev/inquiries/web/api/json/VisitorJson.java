package dev.inquiries.web.api.json;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.inquiries.domain.visitor.RoomEvent;
import dev.inquiries.persistence.chat.Visitor;
import dev.inquiries.persistence.chat.WidgetConfig;

/** Visitors: one registered ({@code livechat/visitor}), and what a visitor's widget is told ({@code livechat/config}). */
public final class VisitorJson {

    private VisitorJson() {
    }

    /**
     * {@code {"visitor":{"_id","token","username","name"?,"department"?,"visitorEmails"?:[{"address"}],
     * "phone"?:[{"phoneNumber"}],"ts","_updatedAt"},"success":true}}.
     */
    public static byte[] visitor(Visitor visitor) {
        return JsonWriter.success(512, json -> {
            json.writeFieldName("visitor");
            writeVisitor(json, visitor);
        });
    }

    /**
     * {@code {"config":{"enabled":true,"online","departments":[{"_id","name","showOnRegistration":true,
     * "showOnOfflineForm":true}],"guest"?,"room"?,"agent"?,"queueInfo"?},"success":true}}: {@code guest} for a token of
     * a visitor, {@code room} when it has an open room, {@code agent} when an agent serves that room, {@code queueInfo}
     * (with the waiting message) while it is queued.
     */
    public static byte[] config(WidgetConfig config, String waitingMessage) {
        return JsonWriter.success(512 + 128 * config.departments().size(), json -> {
            json.writeObjectFieldStart("config");
            json.writeBooleanField("enabled", true);
            json.writeBooleanField("online", config.online());
            json.writeArrayFieldStart("departments");
            for (WidgetConfig.Department department : config.departments()) {
                json.writeStartObject();
                json.writeStringField("_id", department.id());
                json.writeStringField("name", department.name());
                json.writeBooleanField("showOnRegistration", true);
                json.writeBooleanField("showOnOfflineForm", true);
                json.writeEndObject();
            }
            json.writeEndArray();
            if (config.guest().isPresent()) {
                json.writeFieldName("guest");
                writeVisitor(json, config.guest().get());
            }
            if (config.room().isPresent()) {
                json.writeFieldName("room");
                RoomJson.writeConfigRoom(json, config.room().get());
                if (config.room().get().servedBy().isPresent()) {
                    json.writeFieldName("agent");
                    RoomJson.writeAgent(json, config.room().get().servedBy().get());
                }
            }
            if (config.queue().isPresent()) {
                json.writeFieldName("queueInfo");
                RoomEventJson.writeQueueInfo(json, new RoomEvent.QueueData(config.queue().get().spot(),
                        config.queue().get().estimatedWaitSeconds()), waitingMessage);
            }
            json.writeEndObject();
        });
    }

    private static void writeVisitor(JsonGenerator json, Visitor visitor) throws IOException {
        json.writeStartObject();
        json.writeStringField("_id", visitor.id());
        json.writeStringField("token", visitor.token());
        json.writeStringField("username", visitor.username());
        JsonWriter.optionalField(json, "name", visitor.name());
        JsonWriter.optionalField(json, "department", visitor.departmentId());
        JsonWriter.optionalListOfOne(json, "visitorEmails", "address", visitor.email());
        JsonWriter.optionalListOfOne(json, "phone", "phoneNumber", visitor.phone());
        json.writeStringField("ts", IsoTimestamps.format(visitor.createdAt()));
        json.writeStringField("_updatedAt", IsoTimestamps.format(visitor.updatedAt()));
        json.writeEndObject();
    }
}
