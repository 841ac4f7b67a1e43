package dev.inquiries.web.api.json;

import java.io.IOException;
import java.util.List;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.inquiries.domain.LivechatStatus;
import dev.inquiries.persistence.AgentMembership;

/** Agents: an agent's departments and its status. */
public final class AgentJson {

    private AgentJson() {
    }

    /**
     * {@code {"departments":[{"_id","departmentId","departmentName","agentId","username","departmentEnabled"}],
     * "success":true}}.
     */
    public static byte[] departments(List<AgentMembership> memberships) {
        return JsonWriter.success(64 + 192 * memberships.size(), json -> {
            json.writeArrayFieldStart("departments");
            for (AgentMembership membership : memberships) {
                writeMembership(json, membership);
            }
            json.writeEndArray();
        });
    }

    /** One membership as the list above shows it; the command line prints the one it adds or removes so too. */
    public static byte[] membership(AgentMembership membership) {
        return JsonWriter.write(json -> writeMembership(json, membership));
    }

    /** {@code {"status":"<the new status>","success":true}}. */
    public static byte[] status(LivechatStatus status) {
        return JsonWriter.success(json -> json.writeStringField("status", status.wireName()));
    }

    private static void writeMembership(JsonGenerator json, AgentMembership membership) throws IOException {
        json.writeStartObject();
        json.writeStringField("_id", membership.id());
        json.writeStringField("departmentId", membership.departmentId());
        json.writeStringField("departmentName", membership.departmentName());
        json.writeStringField("agentId", membership.agentId());
        json.writeStringField("username", membership.username());
        json.writeBooleanField("departmentEnabled", membership.departmentEnabled());
        json.writeEndObject();
    }
}
