package dev.inquiries.web.api;

import java.util.List;

import dev.inquiries.domain.AgentDepartmentsRequest;
import dev.inquiries.domain.AgentLoadsRequest;
import dev.inquiries.domain.AgentListRequest;
import dev.inquiries.domain.AgentStatusRequest;
import dev.inquiries.domain.LivechatStatus;
import dev.inquiries.domain.Paging;
import dev.inquiries.domain.Refusal;
import dev.inquiries.domain.RequestRefusal;
import dev.inquiries.domain.Permission;
import dev.inquiries.domain.Principal;
import dev.inquiries.persistence.AgentMembership;
import dev.inquiries.persistence.AgentPage;
import dev.inquiries.persistence.AgentRepository;
import dev.inquiries.persistence.RoutingRepository;
import dev.inquiries.web.api.json.AgentJson;
import io.helidon.http.Method;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * Agents, mounted at {@code /api/v1/livechat}: the agent list (for holders of {@code transfer-livechat-guest}, who
 * choose agents to forward chats to), an agent's departments, and setting or toggling an agent's status (another
 * agent's needs {@code manage-livechat-agents}), and, this service's own, every agent's load against its capacity for
 * those who watch the desk ({@code view-livechat-manager}).
 *
 * <pre>
 * curl -H "X-User-Id: $USER_ID" -H "X-Auth-Token: $TOKEN" 'http://localhost:3000/api/v1/livechat/users/agent?onlyAvailable=true'
 * curl -H "X-User-Id: $USER_ID" -H "X-Auth-Token: $TOKEN" 'http://localhost:3000/api/v1/livechat/agents.loads'
 * </pre>
 */
public record AgentsService(Authenticator authenticator, AgentRepository agents, RoutingRepository routing,
                            Paging paging) implements HttpService {

    @Override
    public void routing(HttpRules rules) {
        Endpoints.only(rules, Method.GET, "/users/agent", this::list);
        Endpoints.only(rules, Method.GET, "/agents/{agentId}/departments", this::departments);
        Endpoints.only(rules, Method.POST, "/agent.status", this::status);
        Endpoints.only(rules, Method.GET, "/agents.loads", this::loads);
    }

    /**
     * Rocket.Chat 7 lets any signed-in user ask and then requires {@code transfer-livechat-guest} or
     * {@code edit-omnichannel-contact} for agents; this service has no contacts, so the first decides, checked before
     * the parameters.
     */
    private void list(ServerRequest request, ServerResponse response) {
        authenticator.require(request, Permission.TRANSFER_LIVECHAT_GUEST);
        AgentListRequest listRequest = AgentListRequest.parse(QueryParameters.of(request.query()), paging);
        AgentPage page = agents.list(listRequest);
        Endpoints.sendJson(response, AgentJson.page(page));
    }

    /**
     * Rocket.Chat has no endpoint that carries an agent's load; this one is for the managers' page. The permission is
     * checked before the parameters; what a restricted monitor sees is the statement's to decide.
     */
    private void loads(ServerRequest request, ServerResponse response) {
        Principal caller = authenticator.require(request, Permission.VIEW_LIVECHAT_MANAGER);
        AgentLoadsRequest.parse(QueryParameters.of(request.query()));
        Endpoints.sendJson(response, AgentJson.loads(routing.deskLoads(caller.userId())));
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
