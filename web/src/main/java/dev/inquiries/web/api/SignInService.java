package dev.inquiries.web.api;

import java.util.List;

import dev.inquiries.domain.Principal;
import dev.inquiries.domain.login.LoginRequest;
import dev.inquiries.persistence.LoginTokenRepository;
import dev.inquiries.persistence.LoginTokenRepository.IssuedToken;
import dev.inquiries.persistence.Logins;
import dev.inquiries.persistence.UserProfile;
import dev.inquiries.persistence.UserRepository;
import dev.inquiries.web.api.json.UserJson;
import io.helidon.http.Method;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * Signing in the Rocket.Chat way, mounted at {@code /api/v1}: {@code login}, {@code logout} and {@code me}.
 *
 * <pre>
 * curl -H 'Content-Type: application/json' -d '{"user":"admin","password":"..."}' http://localhost:3000/api/v1/login
 * </pre>
 *
 * @param clientAddress whose failed logins a failure counts against
 */
public record SignInService(Authenticator authenticator, Logins logins, LoginTokenRepository tokens, UserRepository users,
                            ClientAddress clientAddress) implements HttpService {

    @Override
    public void routing(HttpRules rules) {
        Endpoints.only(rules, Method.POST, "/login", this::login);
        Endpoints.only(rules, List.of(Method.POST, Method.GET), "/logout", this::logout);
        Endpoints.only(rules, Method.GET, "/me", this::me);
    }

    private void login(ServerRequest request, ServerResponse response) {
        LoginRequest login = LoginRequest.parse(JsonRequests.object(request));
        IssuedToken token = logins.login(login, clientAddress.of(request));
        Endpoints.sendJson(response, UserJson.loggedIn(token, profile(token.userId())));
    }

    private void logout(ServerRequest request, ServerResponse response) {
        authenticator.authenticate(request);
        tokens.revoke(authenticator.credentials(request));
        Endpoints.sendJson(response, UserJson.loggedOut());
    }

    private void me(ServerRequest request, ServerResponse response) {
        Principal caller = authenticator.authenticate(request);
        Endpoints.sendJson(response, UserJson.me(profile(caller.userId())));
    }

    /** The signed-in user's profile; one deleted between the check and the read is not signed in any more. */
    private UserProfile profile(String userId) {
        return users.profile(userId).orElseThrow(AccessRefusal.NOT_LOGGED_IN::refusal);
    }
}
