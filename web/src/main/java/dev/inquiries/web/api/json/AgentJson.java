package dev.inquiries.web.api.json;

import static dev.inquiries.web.api.json.JsonWriter.ID;
import static dev.inquiries.web.api.json.JsonWriter.NAME;
import static dev.inquiries.web.api.json.JsonWriter.field;

import java.io.IOException;
import java.util.List;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.inquiries.domain.LivechatStatus;
import dev.inquiries.persistence.AgentMembership;
import dev.inquiries.persistence.AgentPage;
import dev.inquiries.persistence.AgentSummary;
import dev.inquiries.persistence.RoutingRepository.AgentOnDesk;
import dev.inquiries.persistence.RoutingRepository.DeskLoads;
import dev.inquiries.persistence.RoutingRepository.DepartmentOfAgent;

/** Agents: a page of the agent list, an agent's departments and its status, and the agents' loads. */
public final class AgentJson {

    private AgentJson() {
    }

    /**
     * {@code {"users":[<agent>],"count":1,"offset":0,"total":1,"success":true}}, each agent as
     * {@link #writeListedAgent} writes it.
     */
    public static byte[] page(AgentPage page) {
        return JsonWriter.page("users", page.agents(), page.offset(), page.total(), 160,
                JsonWriter.object(AgentJson::writeListedAgent));
    }

    /**
     * The fields of one listed agent, in Rocket.Chat's order: {@code "_id","username","name"?,"statusLivechat",
     * "emails"?:[{"address","verified"}],"livechat"?:{"maxNumberSimultaneousChat"}}; a key without a value is
     * absent ({@code livechat} while the agent has no limit of its own). Rocket.Chat's {@code status} (the user's
     * presence, which this service does not keep) is never there.
     */
    private static void writeListedAgent(JsonGenerator json, AgentSummary agent) throws IOException {
        field(json, ID, agent.id());
        json.writeStringField("username", agent.username());
        if (agent.name().isPresent()) {
            field(json, NAME, agent.name().get());
        }
        json.writeStringField("statusLivechat", agent.statusLivechat().wireName());
        if (agent.email().isPresent()) {
            json.writeArrayFieldStart("emails");
            json.writeStartObject();
            json.writeStringField("address", agent.email().get().address());
            json.writeBooleanField("verified", agent.email().get().verified());
            json.writeEndObject();
            json.writeEndArray();
        }
        if (agent.maxChats() > 0) {
            json.writeObjectFieldStart("livechat");
            json.writeNumberField("maxNumberSimultaneousChat", agent.maxChats());
            json.writeEndObject();
        }
    }

    /**
     * {@code {"agents":[{"_id","username","name"?,"statusLivechat","openChats","capacity","departments":[{"_id","name"}]}],
     * "routingMethod":"<Livechat_Routing_Method>","success":true}}; {@code capacity} is null when the agent has no
     * limit, {@code name} absent when it has no display name.
     */
    public static byte[] loads(DeskLoads loads) {
        return JsonWriter.success(96 + 192 * loads.agents().size(), json -> {
            json.writeArrayFieldStart("agents");
            for (AgentOnDesk agent : loads.agents()) {
                json.writeStartObject();
                field(json, ID, agent.id());
                json.writeStringField("username", agent.username());
                if (agent.name().isPresent()) {
                    field(json, NAME, agent.name().get());
                }
                json.writeStringField("statusLivechat", agent.statusLivechat().wireName());
                json.writeNumberField("openChats", agent.openChats());
                if (agent.capacity().isPresent()) {
                    json.writeNumberField("capacity", agent.capacity().getAsInt());
                } else {
                    json.writeNullField("capacity");
                }
                json.writeArrayFieldStart("departments");
                for (DepartmentOfAgent department : agent.departments()) {
                    json.writeStartObject();
                    field(json, ID, department.id());
                    field(json, NAME, department.name());
                    json.writeEndObject();
                }
                json.writeEndArray();
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeStringField("routingMethod", loads.method().wireName());
        });
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
