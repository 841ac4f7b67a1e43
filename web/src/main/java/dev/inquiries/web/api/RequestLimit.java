package dev.inquiries.web.api;

import java.util.Set;
import java.util.concurrent.Semaphore;

import dev.inquiries.web.observe.RequestIds;
import dev.inquiries.web.api.json.RefusalJson;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

/**
 * The limit of concurrent requests ({@code server.max-concurrent-requests}) for every request but the streams, which
 * are held open for hours and have limits of their own (the live queue's {@code stream.limit}, the visitors' room
 * streams' {@code stream.rooms.limit}). The listener's own limit is raised by the streams' ones, so this is where
 * ordinary requests beyond it get the same 503 as before. A limit of 0 or less is none, as Helidon's is.
 */
public final class RequestLimit implements Filter {

    private final Semaphore permits;
    private final Set<String> exemptPaths;

    /** Holds requests other than those of the exempt paths (the streams') to {@code limit} at once. */
    public RequestLimit(int limit, Set<String> exemptPaths) {
        this.permits = limit > 0 ? new Semaphore(limit) : null;
        this.exemptPaths = Set.copyOf(exemptPaths);
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest request, RoutingResponse response) {
        if (permits == null || exemptPaths.contains(request.path().path())) {
            chain.proceed();
            return;
        }
        if (!permits.tryAcquire()) {
            response.status(Status.SERVICE_UNAVAILABLE_503)
                    .header(HeaderValues.CONTENT_TYPE_JSON)
                    .header(RequestIds.HEADER, RequestIds.of(request))
                    .send(RefusalJson.failure(ErrorResponses.BUSY));
            return;
        }
        try {
            chain.proceed();
        } finally {
            permits.release();
        }
    }
}
