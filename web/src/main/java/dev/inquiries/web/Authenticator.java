package dev.inquiries.web;

import java.util.List;

import dev.inquiries.domain.Permission;
import dev.inquiries.domain.Principal;
import dev.inquiries.persistence.LoginTokenRepository;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;

/**
 * Turns the {@code X-User-Id} and {@code X-Auth-Token} headers into the caller, and checks its
 * permissions. Every way of not being logged in ends in the same {@link NotAuthenticatedException}.
 */
final class Authenticator {

    static final HeaderName USER_ID = HeaderNames.create("X-User-Id");
    static final HeaderName AUTH_TOKEN = HeaderNames.create("X-Auth-Token");

    private final LoginTokenRepository tokens;

    Authenticator(LoginTokenRepository tokens) {
        this.tokens = tokens;
    }

    /** The caller of the request, which must have the permission. */
    Principal require(ServerRequest request, Permission permission) {
        Principal principal = tokens.authenticate(single(request, USER_ID), single(request, AUTH_TOKEN))
                .orElseThrow(NotAuthenticatedException::new);
        if (!principal.has(permission)) {
            throw new PermissionDeniedException(permission);
        }
        return principal;
    }

    /** The one non-blank value of a header; none, blank or several do not identify anyone. */
    private static String single(ServerRequest request, HeaderName name) {
        List<String> values = request.headers().all(name, List::of);
        if (values.size() != 1 || values.getFirst().isBlank()) {
            throw new NotAuthenticatedException();
        }
        return values.getFirst();
    }
}
