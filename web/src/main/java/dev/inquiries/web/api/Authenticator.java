package dev.inquiries.web.api;

import java.util.Arrays;
import java.util.List;

import dev.inquiries.domain.Authorized;
import dev.inquiries.domain.Credentials;
import dev.inquiries.domain.Permission;
import dev.inquiries.domain.Principal;
import dev.inquiries.persistence.LoginTokenRepository;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;

/**
 * Reads the {@code X-User-Id} and {@code X-Auth-Token} headers and turns the outcome of checking them into
 * the contract's answers. Every way of not being logged in ends in the same refusal, {@link AccessRefusal#NOT_LOGGED_IN}.
 */
public final class Authenticator {

    static final HeaderName USER_ID = HeaderNames.create("X-User-Id");
    static final HeaderName AUTH_TOKEN = HeaderNames.create("X-Auth-Token");

    private final LoginTokenRepository tokens;

    public Authenticator(LoginTokenRepository tokens) {
        this.tokens = tokens;
    }

    /** What the request claims; missing, blank or repeated headers identify no one. */
    Credentials credentials(ServerRequest request) {
        return new Credentials(single(request, USER_ID), single(request, AUTH_TOKEN));
    }

    /** The caller of the request, whatever its permissions (a check on its own round trip). */
    Principal authenticate(ServerRequest request) {
        Credentials credentials = credentials(request);
        return tokens.authenticate(credentials.userId(), credentials.token()).orElseThrow(AccessRefusal.NOT_LOGGED_IN::refusal);
    }

    /**
     * The caller of the request, which must have one of the permissions, any will do (Rocket.Chat's {@code hasAny});
     * a check on its own round trip.
     */
    Principal require(ServerRequest request, Permission... anyOf) {
        Principal principal = authenticate(request);
        if (Arrays.stream(anyOf).noneMatch(principal::has)) {
            throw AccessRefusal.PERMISSION_DENIED.refusal();
        }
        return principal;
    }

    /** The value a checked read returned, or the 401 or 403 its caller earned. */
    static <T> T granted(Authorized<T> outcome, Permission permission) {
        return switch (outcome) {
            case Authorized.Granted<T> granted -> granted.value();
            case Authorized.NotAuthenticated<T> ignored -> throw AccessRefusal.NOT_LOGGED_IN.refusal();
            case Authorized.Forbidden<T> ignored -> throw AccessRefusal.PERMISSION_DENIED.refusal();
        };
    }

    private static String single(ServerRequest request, HeaderName name) {
        List<String> values = request.headers().all(name, List::of);
        if (values.size() != 1 || values.getFirst().isBlank()) {
            throw AccessRefusal.NOT_LOGGED_IN.refusal();
        }
        return values.getFirst();
    }
}
