package dev.inquiries.web.api;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import dev.inquiries.domain.Inquiry;
import dev.inquiries.domain.InquiryPage;
import dev.inquiries.domain.InquiryRecord;
import dev.inquiries.domain.LivechatStatus;
import dev.inquiries.domain.QueueEvent;
import dev.inquiries.domain.Refusal;
import dev.inquiries.persistence.AgentMembership;
import dev.inquiries.persistence.DepartmentPage;
import dev.inquiries.persistence.DepartmentSummary;
import dev.inquiries.persistence.LoginTokenRepository.IssuedToken;
import dev.inquiries.persistence.UserProfile;

/**
 * The JSON bodies the service sends, written field by field in the contract's order with Jackson's
 * streaming generator.
 */
public final class JsonBodies {

    /** Buffers are pooled across threads: a thread-local pool does nothing for one virtual thread per request. */
    private static final JsonFactory JSON = JsonFactory.builder()
            .recyclerPool(JsonRecyclerPools.newConcurrentDequePool())
            .build();

    // Field names encoded once: written per inquiry, they cost more than the values when encoded each time.
    private static final SerializedString INQUIRIES = new SerializedString("inquiries");
    private static final SerializedString ID = new SerializedString("_id");
    private static final SerializedString RID = new SerializedString("rid");
    private static final SerializedString NAME = new SerializedString("name");
    private static final SerializedString TS = new SerializedString("ts");
    private static final SerializedString STATUS = new SerializedString("status");
    private static final SerializedString DEPARTMENT = new SerializedString("department");
    private static final SerializedString OFFSET = new SerializedString("offset");
    private static final SerializedString COUNT = new SerializedString("count");
    private static final SerializedString TOTAL = new SerializedString("total");
    private static final SerializedString SUCCESS = new SerializedString("success");

    private JsonBodies() {
    }

    /** {@code {"inquiries":[...],"offset":0,"count":1,"total":1,"success":true}}. */
    static byte[] page(InquiryPage page) {
        return write(256 + 192 * page.count(), json -> {
            json.writeStartObject();
            json.writeFieldName(INQUIRIES);
            json.writeStartArray();
            for (Inquiry inquiry : page.inquiries()) {
                json.writeStartObject();
                writeListFields(json, inquiry);
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeFieldName(OFFSET);
            json.writeNumber(page.offset());
            json.writeFieldName(COUNT);
            json.writeNumber(page.count());
            json.writeFieldName(TOTAL);
            json.writeNumber(page.total());
            json.writeFieldName(SUCCESS);
            json.writeBoolean(true);
            json.writeEndObject();
        });
    }

    /** An inquiry's fields as the list shows them: {@code _id, rid, name, ts, status} and {@code department}. */
    static void writeListFields(JsonGenerator json, Inquiry inquiry) throws IOException {
        json.writeFieldName(ID);
        json.writeString(inquiry.id());
        json.writeFieldName(RID);
        json.writeString(inquiry.rid());
        json.writeFieldName(NAME);
        json.writeString(inquiry.name());
        json.writeFieldName(TS);
        json.writeString(IsoTimestamps.format(inquiry.ts()));
        json.writeFieldName(STATUS);
        json.writeString(inquiry.status().wireName());
        if (inquiry.departmentId() != null) {
            json.writeFieldName(DEPARTMENT);
            json.writeString(inquiry.departmentId());
        }
    }

    /**
     * {@code {"inquiry":<record>|null,"success":true}}: the list's fields, {@code "t":"l"}, {@code _updatedAt},
     * and where they apply {@code queuedAt}, {@code takenAt}, {@code defaultAgent} and {@code servedBy}.
     */
    static byte[] inquiry(Optional<InquiryRecord> record) {
        return write(json -> {
            json.writeStartObject();
            json.writeFieldName("inquiry");
            if (record.isEmpty()) {
                json.writeNull();
            } else {
                InquiryRecord inquiry = record.get();
                json.writeStartObject();
                writeListFields(json, inquiry.inquiry());
                json.writeStringField("t", "l");
                json.writeStringField("_updatedAt", IsoTimestamps.format(inquiry.updatedAt()));
                if (inquiry.queuedAt().isPresent()) {
                    json.writeStringField("queuedAt", IsoTimestamps.format(inquiry.queuedAt().get()));
                }
                if (inquiry.takenAt().isPresent()) {
                    json.writeStringField("takenAt", IsoTimestamps.format(inquiry.takenAt().get()));
                }
                if (inquiry.defaultAgent().isPresent()) {
                    json.writeObjectFieldStart("defaultAgent");
                    json.writeStringField("agentId", inquiry.defaultAgent().get().id());
                    json.writeStringField("username", inquiry.defaultAgent().get().username());
                    json.writeEndObject();
                }
                if (inquiry.servedBy().isPresent() && inquiry.takenAt().isPresent()) {
                    json.writeObjectFieldStart("servedBy");
                    json.writeStringField("_id", inquiry.servedBy().get().id());
                    json.writeStringField("username", inquiry.servedBy().get().username());
                    json.writeStringField("ts", IsoTimestamps.format(inquiry.takenAt().get()));
                    json.writeEndObject();
                }
                json.writeEndObject();
            }
            json.writeBooleanField("success", true);
            json.writeEndObject();
        });
    }

    /**
     * The data of a live-queue event: {@code {"version":"<position>"}} for a reset, else
     * {@code {"type":"added","_id":...}} with the inquiry's fields exactly as the list renders them.
     */
    static String streamEvent(QueueEvent event) {
        byte[] body = write(json -> {
            json.writeStartObject();
            if (event.inquiry().isEmpty()) {
                json.writeStringField("version", String.valueOf(event.position()));
            } else {
                json.writeStringField("type", event.type().wireName());
                writeListFields(json, event.inquiry().get());
            }
            json.writeEndObject();
        });
        return new String(body, StandardCharsets.UTF_8);
    }

    /**
     * {@code {"departments":[{"_id","name","enabled","numAgents"}],"count":1,"offset":0,"total":1,"success":true}}.
     */
    static byte[] departments(DepartmentPage page) {
        return write(128 + 96 * page.departments().size(), json -> {
            json.writeStartObject();
            json.writeArrayFieldStart("departments");
            for (DepartmentSummary department : page.departments()) {
                json.writeStartObject();
                json.writeFieldName(ID);
                json.writeString(department.id());
                json.writeFieldName(NAME);
                json.writeString(department.name());
                json.writeBooleanField("enabled", department.enabled());
                json.writeNumberField("numAgents", department.numAgents());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeFieldName(COUNT);
            json.writeNumber(page.departments().size());
            json.writeFieldName(OFFSET);
            json.writeNumber(page.offset());
            json.writeFieldName(TOTAL);
            json.writeNumber(page.total());
            json.writeFieldName(SUCCESS);
            json.writeBoolean(true);
            json.writeEndObject();
        });
    }

    /**
     * {@code {"departments":[{"_id","departmentId","departmentName","agentId","username","departmentEnabled"}],
     * "success":true}}.
     */
    static byte[] agentDepartments(List<AgentMembership> memberships) {
        return write(64 + 192 * memberships.size(), json -> {
            json.writeStartObject();
            json.writeArrayFieldStart("departments");
            for (AgentMembership membership : memberships) {
                json.writeStartObject();
                json.writeStringField("_id", membership.id());
                json.writeStringField("departmentId", membership.departmentId());
                json.writeStringField("departmentName", membership.departmentName());
                json.writeStringField("agentId", membership.agentId());
                json.writeStringField("username", membership.username());
                json.writeBooleanField("departmentEnabled", membership.departmentEnabled());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeFieldName(SUCCESS);
            json.writeBoolean(true);
            json.writeEndObject();
        });
    }

    /** {@code {"status":"<the new status>","success":true}}. */
    static byte[] agentStatus(LivechatStatus status) {
        return write(json -> {
            json.writeStartObject();
            json.writeStringField("status", status.wireName());
            json.writeFieldName(SUCCESS);
            json.writeBoolean(true);
            json.writeEndObject();
        });
    }

    /**
     * A refusal, laid out as its outcome's answer: {@code {"success":false,"error":...}} with {@code errorType} and
     * {@code details} where the reason has them, or a 401's {@code status}/{@code message} pair in Rocket.Chat's order
     * (its authentication writes {@code status} first, its login {@code error} first).
     */
    static byte[] refusal(Refusal refusal) {
        Refusal.Reason reason = refusal.reason();
        return write(json -> {
            json.writeStartObject();
            json.writeBooleanField("success", false);
            switch (reason.outcome()) {
                case NOT_LOGGED_IN -> {
                    json.writeStringField("status", "error");
                    json.writeStringField("error", refusal.error());
                    json.writeStringField("message", reason.message().orElse(refusal.error()));
                }
                case LOGIN_REFUSED -> {
                    json.writeStringField("error", refusal.error());
                    json.writeStringField("status", "error");
                    json.writeStringField("message", reason.message().orElse(refusal.error()));
                }
                case INVALID, FORBIDDEN, UNAVAILABLE -> {
                    json.writeStringField("error", refusal.error());
                    if (reason.errorType().isPresent()) {
                        json.writeStringField("errorType", reason.errorType().get());
                    }
                    if (reason.method().isPresent()) {
                        json.writeObjectFieldStart("details");
                        json.writeStringField("method", reason.method().get());
                        json.writeEndObject();
                    }
                }
            }
            json.writeEndObject();
        });
    }

    /** {@code {"status":"success","data":{"userId":...,"authToken":...,"me":<me>},"success":true}}. */
    static byte[] loggedIn(IssuedToken token, UserProfile me) {
        return write(json -> {
            json.writeStartObject();
            json.writeStringField("status", "success");
            json.writeObjectFieldStart("data");
            json.writeStringField("userId", token.userId());
            json.writeStringField("authToken", token.authToken());
            json.writeFieldName("me");
            json.writeStartObject();
            writeMe(json, me);
            json.writeEndObject();
            json.writeEndObject();
            json.writeFieldName(SUCCESS);
            json.writeBoolean(true);
            json.writeEndObject();
        });
    }

    /** {@code /api/v1/me}: the user, with {@code "success":true} at the end. */
    static byte[] me(UserProfile me) {
        return write(json -> {
            json.writeStartObject();
            writeMe(json, me);
            json.writeFieldName(SUCCESS);
            json.writeBoolean(true);
            json.writeEndObject();
        });
    }

    /**
     * The fields of {@code <me>}; keys without a value are absent. {@code status} is the presence of the one
     * asking, who has just signed in: {@code online}.
     */
    private static void writeMe(JsonGenerator json, UserProfile me) throws IOException {
        json.writeStringField("_id", me.id());
        json.writeStringField("username", me.username());
        if (me.name().isPresent()) {
            json.writeStringField("name", me.name().get());
        }
        if (me.email().isPresent()) {
            json.writeArrayFieldStart("emails");
            json.writeStartObject();
            json.writeStringField("address", me.email().get());
            json.writeBooleanField("verified", me.emailVerified());
            json.writeEndObject();
            json.writeEndArray();
            if (me.emailVerified()) {
                json.writeStringField("email", me.email().get());
            }
        }
        json.writeArrayFieldStart("roles");
        for (String role : me.roles()) {
            json.writeString(role);
        }
        json.writeEndArray();
        json.writeBooleanField("active", me.active());
        json.writeStringField("status", "online");
        json.writeStringField("statusLivechat", me.statusLivechat());
        json.writeNumberField("utcOffset", 0);
        json.writeObjectFieldStart("settings");
        json.writeObjectFieldStart("profile");
        json.writeEndObject();
        json.writeObjectFieldStart("preferences");
        json.writeEndObject();
        json.writeEndObject();
    }

    /** {@code {"status":"success","data":{"message":"You've been logged out!"}}}, as Rocket.Chat sends it. */
    static byte[] loggedOut() {
        return write(json -> {
            json.writeStartObject();
            json.writeStringField("status", "success");
            json.writeObjectFieldStart("data");
            json.writeStringField("message", "You've been logged out!");
            json.writeEndObject();
            json.writeEndObject();
        });
    }

    /** {@code {"success":false,"error":"<error>"}}: 404, 405, 500, 503. */
    public static byte[] failure(String error) {
        return write(json -> {
            json.writeStartObject();
            json.writeBooleanField("success", false);
            json.writeStringField("error", error);
            json.writeEndObject();
        });
    }

    private static byte[] write(BodyWriter writer) {
        return write(256, writer);
    }

    private static byte[] write(int expectedSize, BodyWriter writer) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(expectedSize);
        try (JsonGenerator json = JSON.createGenerator(bytes)) {
            writer.write(json);
        } catch (IOException impossible) {
            throw new UncheckedIOException("writing to memory failed", impossible);
        }
        return bytes.toByteArray();
    }

    @FunctionalInterface
    private interface BodyWriter {
        void write(JsonGenerator json) throws IOException;
    }
}
