package dev.inquiries.web.api;

import java.util.List;
import java.util.Optional;

import dev.inquiries.domain.Paging;
import dev.inquiries.domain.Permission;
import dev.inquiries.domain.Principal;
import dev.inquiries.domain.ordering.InquirySlaRequest;
import dev.inquiries.domain.ordering.OrderingListRequest;
import dev.inquiries.domain.ordering.OrderingRefusal;
import dev.inquiries.domain.ordering.PriorityChange;
import dev.inquiries.domain.ordering.PrioritySortField;
import dev.inquiries.domain.ordering.RoomPriorityRequest;
import dev.inquiries.domain.ordering.SlaDefinition;
import dev.inquiries.persistence.ordering.PriorityRepository;
import dev.inquiries.persistence.ordering.SlaRepository;
import dev.inquiries.persistence.queue.InquiryOrdering;
import dev.inquiries.web.api.json.OrderingJson;
import io.helidon.http.Method;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * Priorities and SLAs, mounted at {@code /api/v1/livechat}: the five priorities ({@code priorities},
 * {@code priorities/:id}), a room's priority ({@code room/:rid/priority}), the SLAs ({@code sla}, {@code sla/:id}) and a
 * queued inquiry's SLA ({@code inquiry.setSLA}). Reading needs view-l-room or the managing permission; changing a
 * priority's name manage-livechat-priorities, an SLA manage-livechat-sla; a room's priority view-l-room and the sight
 * of the room (getOne's rule).
 *
 * <pre>
 * curl -H "X-User-Id: $USER_ID" -H "X-Auth-Token: $TOKEN" -H 'Content-Type: application/json' \
 *      -d '{"name":"Gold","dueTimeInMinutes":60}' http://localhost:3000/api/v1/livechat/sla
 * </pre>
 */
public record OrderingService(Authenticator authenticator, PriorityRepository priorities, SlaRepository slas, InquiryOrdering ordering,
                              Paging paging) implements HttpService {

    @Override
    public void routing(HttpRules rules) {
        Endpoints.only(rules, Method.GET, "/priorities", this::listPriorities);
        Endpoints.only(rules, List.of(Method.GET, Method.PUT), "/priorities/{id}", this::priority);
        Endpoints.only(rules, List.of(Method.POST, Method.DELETE), "/room/{rid}/priority", this::roomPriority);
        Endpoints.only(rules, List.of(Method.GET, Method.POST), "/sla", this::slas);
        Endpoints.only(rules, List.of(Method.GET, Method.PUT, Method.DELETE), "/sla/{id}", this::sla);
        Endpoints.only(rules, Method.PUT, "/inquiry.setSLA", this::setSla);
    }

    private void listPriorities(ServerRequest request, ServerResponse response) {
        authenticator.require(request, Permission.MANAGE_LIVECHAT_PRIORITIES, Permission.VIEW_L_ROOM);
        OrderingListRequest<PrioritySortField> list =
                OrderingListRequest.priorities(QueryParameters.of(request.query()), paging);
        Endpoints.sendJson(response, OrderingJson.priorities(priorities.page(list)));
    }

    /** GET: the priority; PUT {@code {"name"}} or {@code {"reset":true}}: renames it or gives it back its default name. */
    private void priority(ServerRequest request, ServerResponse response) {
        String id = request.path().pathParameters().get("id");
        if (request.prologue().method() == Method.GET) {
            authenticator.require(request, Permission.MANAGE_LIVECHAT_PRIORITIES, Permission.VIEW_L_ROOM);
            Endpoints.sendJson(response, OrderingJson.priority(priorities.one(id)
                    .orElseThrow(() -> OrderingRefusal.PRIORITY_NOT_FOUND.refusal(id))));
            return;
        }
        authenticator.require(request, Permission.MANAGE_LIVECHAT_PRIORITIES);
        priorities.change(id, PriorityChange.parse(JsonRequests.object(request)));
        Endpoints.sendJson(response, OrderingJson.done());
    }

    /** POST {@code {"priorityId"}}: the room's priority; DELETE: none. */
    private void roomPriority(ServerRequest request, ServerResponse response) {
        Principal caller = authenticator.require(request, Permission.VIEW_L_ROOM);
        String rid = request.path().pathParameters().get("rid");
        Optional<String> priorityId = request.prologue().method() == Method.POST
                ? Optional.of(RoomPriorityRequest.parse(JsonRequests.object(request)).priorityId())
                : Optional.empty();
        ordering.setPriority(caller.userId(), rid, priorityId);
        Endpoints.sendJson(response, OrderingJson.done());
    }

    /** GET: a page of SLAs; POST {@code {"name","description"?,"dueTimeInMinutes"}}: a new one. */
    private void slas(ServerRequest request, ServerResponse response) {
        if (request.prologue().method() == Method.GET) {
            authenticator.require(request, Permission.MANAGE_LIVECHAT_SLA, Permission.VIEW_L_ROOM);
            Endpoints.sendJson(response, OrderingJson.slas(slas.page(
                    OrderingListRequest.slas(QueryParameters.of(request.query()), paging))));
            return;
        }
        authenticator.require(request, Permission.MANAGE_LIVECHAT_SLA);
        Endpoints.sendJson(response, OrderingJson.savedSla(slas.create(SlaDefinition.parse(JsonRequests.object(request)))));
    }

    /** GET: the SLA; PUT: changes it; DELETE: deletes it (its inquiries lose it). */
    private void sla(ServerRequest request, ServerResponse response) {
        String id = request.path().pathParameters().get("id");
        Method method = request.prologue().method();
        if (method == Method.GET) {
            authenticator.require(request, Permission.MANAGE_LIVECHAT_SLA, Permission.VIEW_L_ROOM);
            Endpoints.sendJson(response, OrderingJson.sla(slas.one(id)
                    .orElseThrow(() -> OrderingRefusal.SLA_NOT_FOUND.refusal(id))));
            return;
        }
        authenticator.require(request, Permission.MANAGE_LIVECHAT_SLA);
        if (method == Method.PUT) {
            Endpoints.sendJson(response, OrderingJson.savedSla(slas.update(id,
                    SlaDefinition.parse(JsonRequests.object(request)))));
            return;
        }
        slas.delete(id);
        Endpoints.sendJson(response, OrderingJson.done());
    }

    /** {@code {"roomId","sla"}}: the queued inquiry's SLA. */
    private void setSla(ServerRequest request, ServerResponse response) {
        Principal caller = authenticator.require(request, Permission.MANAGE_LIVECHAT_SLA);
        ordering.setSla(caller.userId(), InquirySlaRequest.parse(JsonRequests.object(request)));
        Endpoints.sendJson(response, OrderingJson.done());
    }
}
