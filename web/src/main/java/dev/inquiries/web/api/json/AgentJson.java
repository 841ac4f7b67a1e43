package dev.inquiries.web.api.json;

import java.util.List;

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
        });
    }

    /** {@code {"status":"<the new status>","success":true}}. */
    public static byte[] status(LivechatStatus status) {
        return JsonWriter.success(json -> json.writeStringField("status", status.wireName()));
    }
}
