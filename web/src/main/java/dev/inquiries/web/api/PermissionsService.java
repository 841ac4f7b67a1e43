package dev.inquiries.web.api;

import dev.inquiries.domain.PermissionsListRequest;
import dev.inquiries.persistence.PermissionRepository;
import dev.inquiries.web.api.json.PermissionJson;
import io.helidon.http.Method;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * The grants of permissions to roles, mounted at {@code /api/v1}: {@code permissions.listAll}, for any signed-in
 * user, as Rocket.Chat's clients read it to decide what to show (a user holds a permission when one of its roles,
 * {@code me}'s {@code roles}, is among the permission's).
 *
 * <pre>
 * curl -H "X-User-Id: $USER_ID" -H "X-Auth-Token: $TOKEN" http://localhost:3000/api/v1/permissions.listAll
 * </pre>
 */
public record PermissionsService(Authenticator authenticator, PermissionRepository permissions) implements HttpService {

    @Override
    public void routing(HttpRules rules) {
        Endpoints.only(rules, Method.GET, "/permissions.listAll", this::listAll);
    }

    /**
     * Every permission with its roles. {@code updatedSince} is checked as Rocket.Chat checks it, and narrows nothing:
     * nothing records when a grant changed, so every answer holds every permission.
     */
    private void listAll(ServerRequest request, ServerResponse response) {
        authenticator.authenticate(request);
        PermissionsListRequest.parse(QueryParameters.of(request.query()));
        Endpoints.sendJson(response, PermissionJson.listAll(permissions.grants()));
    }
}
