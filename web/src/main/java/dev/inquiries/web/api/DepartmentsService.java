package dev.inquiries.web.api;

import java.util.Optional;

import dev.inquiries.domain.DepartmentListRequest;
import dev.inquiries.domain.DepartmentScope;
import dev.inquiries.domain.Paging;
import dev.inquiries.domain.Permission;
import dev.inquiries.domain.Principal;
import dev.inquiries.persistence.DepartmentPage;
import dev.inquiries.persistence.DepartmentRepository;
import dev.inquiries.web.api.json.DepartmentJson;
import io.helidon.http.Method;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * The department list, mounted at {@code /api/v1/livechat}: for holders of {@code view-livechat-departments} or
 * {@code view-l-room}, checked before the parameters.
 *
 * <pre>
 * curl -H "X-User-Id: $USER_ID" -H "X-Auth-Token: $TOKEN" 'http://localhost:3000/api/v1/livechat/department?enabled=true'
 * </pre>
 */
public record DepartmentsService(Authenticator authenticator, DepartmentRepository departments, Paging paging) implements HttpService {

    @Override
    public void routing(HttpRules rules) {
        Endpoints.only(rules, Method.GET, "/department", this::list);
    }

    private void list(ServerRequest request, ServerResponse response) {
        Principal caller = authenticator.require(request, Permission.VIEW_LIVECHAT_DEPARTMENTS, Permission.VIEW_L_ROOM);
        DepartmentListRequest listRequest = DepartmentListRequest.parse(QueryParameters.of(request.query()), paging);
        Optional<DepartmentScope> scope = listRequest.onlyMyDepartments()
                ? Optional.of(DepartmentScope.of(caller)) : Optional.empty();
        Optional<String> member = scope.filter(DepartmentScope.OWN::equals).map(own -> caller.userId());
        Optional<String> viewer = scope.filter(DepartmentScope.SEEN::equals).map(seen -> caller.userId());
        DepartmentPage page = departments.list(listRequest, member, viewer);
        Endpoints.sendJson(response, DepartmentJson.page(page));
    }
}
