package dev.inquiries.web.api;

import java.util.List;

import dev.inquiries.domain.AgentDepartmentsRequest;
import dev.inquiries.domain.AgentStatusRequest;
import dev.inquiries.domain.LivechatStatus;
import dev.inquiries.domain.Refusal;
import dev.inquiries.domain.RequestRefusal;
import dev.inquiries.domain.Permission;
import dev.inquiries.domain.Principal;
import dev.inquiries.persistence.AgentMembership;
import dev.inquiries.persistence.AgentRepository;
import dev.inquiries.web.api.json.AgentJson;
import io.helidon.http.Method;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * Agents, mounted at {@code /api/v1/livechat}: an agent's departments, and setting or toggling an agent's
 * status (another agent's needs {@code manage-livechat-agents}).
 *
 * <pre>
 * curl -H "X-User-Id: $USER_ID" -H "X-Auth-Token: $TOKEN" -d '{}' http://localhost:3000/api/v1/livechat/agent.status
 * </pre>
 */
public final class AgentsService implements HttpService {

    private final Authenticator authenticator;
    private final AgentRepository agents;

    public AgentsService(Authenticator authenticator, AgentRepository agents) {
        this.authenticator = authenticator;
        this.agents = agents;
    }

    @Override
    public void routing(HttpRules rules) {
        Endpoints.only(rules, Method.GET, "/agents/{agentId}/departments", this::departments);
        Endpoints.only(rules, Method.POST, "/agent.status", this::status);
    }

    private void departments(ServerRequest request, ServerResponse response) {
        authenticator.require(request, Permission.VIEW_L_ROOM);
        AgentDepartmentsRequest departmentsRequest = AgentDepartmentsRequest.parse(QueryParameters.of(request.query()));
        List<AgentMembership> memberships = agents.departmentsOf(request.path().pathParameters().get("agentId"),
                departmentsRequest.enabledOnly());
        Endpoints.sendJson(response, AgentJson.departments(memberships));
    }

    private void status(ServerRequest request, ServerResponse response) {
        Principal caller = authenticator.require(request, Permission.VIEW_L_ROOM);
        AgentStatusRequest statusRequest = AgentStatusRequest.parse(JsonRequests.object(request));
        if (statusRequest.concernsAnother(caller) && !caller.has(Permission.MANAGE_LIVECHAT_AGENTS)) {
            throw AccessRefusal.PERMISSION_DENIED.refusal();
        }
        LivechatStatus status = agents.setStatusById(statusRequest.agentOf(caller), statusRequest.status())
                .orElseThrow(() -> new Refusal(RequestRefusal.NOT_FOUND, "Agent not found"));
        Endpoints.sendJson(response, AgentJson.status(status));
    }
}
