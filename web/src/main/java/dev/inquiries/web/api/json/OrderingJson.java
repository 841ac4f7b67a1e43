package dev.inquiries.web.api.json;


import java.io.IOException;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.inquiries.persistence.ordering.OrderingPage;
import dev.inquiries.persistence.ordering.Priority;
import dev.inquiries.persistence.ordering.Sla;

/**
 * Priorities ({@code {"_id","name"?,"i18n","sortItem","dirty"}}) and SLAs ({@code {"_id","name","description"?,
 * "dueTimeInMinutes","_updatedAt"}}), listed, one by one, and as a change answers them.
 */
public final class OrderingJson {

    private OrderingJson() {
    }

    /** {@code {"priorities":[...],"count","offset","total","success":true}}. */
    public static byte[] priorities(OrderingPage<Priority> page) {
        return JsonWriter.page("priorities", page.items(), page.offset(), page.total(), 96, OrderingJson::writePriority);
    }

    /** The priority's document with {@code "success":true} beside its fields, as Rocket.Chat answers one. */
    public static byte[] priority(Priority priority) {
        return JsonWriter.success(json -> writePriorityFields(json, priority));
    }

    /** {@code {"sla":[...],"count","offset","total","success":true}}. */
    public static byte[] slas(OrderingPage<Sla> page) {
        return JsonWriter.page("sla", page.items(), page.offset(), page.total(), 128,
                JsonWriter.object((json, sla) -> writeSlaFields(json, sla, true)));
    }

    /** The SLA's document with {@code "success":true} beside its fields. */
    public static byte[] sla(Sla sla) {
        return JsonWriter.success(json -> writeSlaFields(json, sla, true));
    }

    /** {@code {"sla":{"_id","name","description"?,"dueTimeInMinutes"},"success":true}}: a created or changed SLA. */
    public static byte[] savedSla(Sla sla) {
        return JsonWriter.success(json -> {
            json.writeObjectFieldStart("sla");
            writeSlaFields(json, sla, false);
            json.writeEndObject();
        });
    }

    /** {@code {"success":true}}: a change with nothing more to say. */
    public static byte[] done() {
        return JsonWriter.success(json -> {
        });
    }

    private static void writePriority(JsonGenerator json, Priority priority) throws IOException {
        json.writeStartObject();
        writePriorityFields(json, priority);
        json.writeEndObject();
    }

    private static void writePriorityFields(JsonGenerator json, Priority priority) throws IOException {
        json.writeStringField("_id", priority.id());
        JsonWriter.optionalField(json, "name", priority.name());
        json.writeStringField("i18n", priority.i18n());
        json.writeNumberField("sortItem", priority.sortItem());
        json.writeBooleanField("dirty", priority.dirty());
    }

    private static void writeSlaFields(JsonGenerator json, Sla sla, boolean withUpdatedAt) throws IOException {
        json.writeStringField("_id", sla.id());
        json.writeStringField("name", sla.name());
        JsonWriter.optionalField(json, "description", sla.description());
        json.writeNumberField("dueTimeInMinutes", sla.dueTimeInMinutes());
        if (withUpdatedAt) {
            json.writeStringField("_updatedAt", IsoTimestamps.format(sla.updatedAt()));
        }
    }
}
