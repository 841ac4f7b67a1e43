package dev.inquiries.web.api.json;

import static dev.inquiries.web.api.json.JsonWriter.COUNT;
import static dev.inquiries.web.api.json.JsonWriter.ID;
import static dev.inquiries.web.api.json.JsonWriter.NAME;
import static dev.inquiries.web.api.json.JsonWriter.OFFSET;
import static dev.inquiries.web.api.json.JsonWriter.TOTAL;
import static dev.inquiries.web.api.json.JsonWriter.field;
import static dev.inquiries.web.api.json.JsonWriter.optionalField;

import java.io.IOException;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import dev.inquiries.domain.Inquiry;
import dev.inquiries.domain.InquiryPage;
import dev.inquiries.domain.InquiryRecord;
import dev.inquiries.domain.ordering.OrderingFields;

/** Inquiries: a page of the list ({@code inquiries.list}, {@code inquiries.queuedForUser}) and one record. */
public final class InquiryJson {

    private static final SerializedString INQUIRIES = new SerializedString("inquiries");
    private static final SerializedString RID = new SerializedString("rid");
    private static final SerializedString TS = new SerializedString("ts");
    private static final SerializedString STATUS = new SerializedString("status");
    private static final SerializedString DEPARTMENT = new SerializedString("department");

    private InquiryJson() {
    }

    /** {@code {"inquiries":[...],"offset":0,"count":1,"total":1,"success":true}}. */
    public static byte[] page(InquiryPage page) {
        return JsonWriter.success(256 + 192 * page.count(), json -> {
            json.writeFieldName(INQUIRIES);
            json.writeStartArray();
            for (Inquiry inquiry : page.inquiries()) {
                json.writeStartObject();
                writeListFields(json, inquiry);
                json.writeEndObject();
            }
            json.writeEndArray();
            field(json, OFFSET, page.offset());
            field(json, COUNT, page.count());
            field(json, TOTAL, page.total());
        });
    }

    /**
     * {@code {"inquiry":<record>|null,"success":true}}: the list's fields, {@code "t":"l"}, {@code _updatedAt},
     * and where they apply {@code queuedAt}, {@code takenAt}, {@code defaultAgent} and {@code servedBy}; then its
     * ordering fields ({@link #writeOrdering}) and its visitor {@code v} when it has one.
     */
    public static byte[] record(Optional<InquiryRecord> record) {
        return JsonWriter.success(json -> {
            json.writeFieldName("inquiry");
            if (record.isEmpty()) {
                json.writeNull();
            } else {
                writeRecord(json, record.get());
            }
        });
    }

    /** An inquiry's fields as the list shows them: {@code _id, rid, name, ts, status} and {@code department}. */
    static void writeListFields(JsonGenerator json, Inquiry inquiry) throws IOException {
        field(json, ID, inquiry.id());
        field(json, RID, inquiry.rid());
        field(json, NAME, inquiry.name());
        field(json, TS, IsoTimestamps.format(inquiry.ts()));
        field(json, STATUS, inquiry.status().wireName());
        if (inquiry.departmentId() != null) {
            field(json, DEPARTMENT, inquiry.departmentId());
        }
    }

    private static void writeRecord(JsonGenerator json, InquiryRecord inquiry) throws IOException {
        json.writeStartObject();
        writeListFields(json, inquiry.inquiry());
        json.writeStringField("t", "l");
        json.writeStringField("_updatedAt", IsoTimestamps.format(inquiry.updatedAt()));
        optionalField(json, "queuedAt", inquiry.queuedAt().map(IsoTimestamps::format));
        optionalField(json, "takenAt", inquiry.takenAt().map(IsoTimestamps::format));
        if (inquiry.defaultAgent().isPresent()) {
            json.writeObjectFieldStart("defaultAgent");
            json.writeStringField("agentId", inquiry.defaultAgent().get().id());
            json.writeStringField("username", inquiry.defaultAgent().get().username());
            json.writeEndObject();
        }
        if (inquiry.servedBy().isPresent() && inquiry.takenAt().isPresent()) {
            RoomJson.writeServedBy(json, inquiry.servedBy().get().id(), inquiry.servedBy().get().username(),
                    inquiry.takenAt().get());
        }
        writeOrdering(json, inquiry.ordering());
        if (inquiry.visitor().isPresent()) {
            RoomJson.writeRoomVisitor(json, inquiry.visitor().get());
        }
        json.writeEndObject();
    }

    /**
     * A chat's place in the priority and SLA orders, as records and rooms carry it: {@code "priorityId"?,
     * "priorityWeight","slaId"?,"estimatedWaitingTimeQueue"}.
     */
    static void writeOrdering(JsonGenerator json, OrderingFields ordering) throws IOException {
        optionalField(json, "priorityId", ordering.priorityId());
        json.writeNumberField("priorityWeight", ordering.priorityWeight());
        optionalField(json, "slaId", ordering.slaId());
        json.writeNumberField("estimatedWaitingTimeQueue", ordering.estimatedWaitingTimeQueue());
    }
}
