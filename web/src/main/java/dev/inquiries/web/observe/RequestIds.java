package dev.inquiries.web.observe;

import java.util.UUID;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.helidon.webserver.http.ServerRequest;

/**
 * Gives every request an id, sent back in {@code X-Request-Id}, so that a client's report of a failure can
 * be found in the log.
 */
public final class RequestIds implements Filter {

    public static final HeaderName HEADER = HeaderNames.create("X-Request-Id");

    private record RequestId(String value) {
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest request, RoutingResponse response) {
        String id = newId();
        request.context().register(new RequestId(id));
        response.header(HEADER, id);
        chain.proceed();
    }

    /** The id of the request, or a new one when it came in before the filter ran. */
    public static String of(ServerRequest request) {
        return request.context().get(RequestId.class).map(RequestId::value).orElseGet(RequestIds::newId);
    }

    public static String newId() {
        return UUID.randomUUID().toString();
    }
}
