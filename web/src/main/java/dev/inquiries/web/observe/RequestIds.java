package dev.inquiries.web.observe;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

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

    /**
     * A random version-4 UUID. Not {@code UUID.randomUUID()}: an id names a request in the log and is no secret, and
     * that one draws from {@code SecureRandom} on every request.
     */
    public static String newId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = random.nextLong() & ~0xF000L | 0x4000L;
        long low = random.nextLong() & ~(0xC000L << 48) | 0x8000L << 48;
        return new UUID(high, low).toString();
    }
}
