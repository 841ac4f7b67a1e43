package dev.inquiries.web.api;

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
 * The limit of concurrent requests ({@code server.max-concurrent-requests}) for every request but the live
 * queue's streams, which are held open for hours and have their own limit ({@code stream.limit}). The listener's
 * own limit is raised by the streams' one, so this is where ordinary requests beyond it get the same 503 as before.
 * A limit of 0 or less is none, as Helidon's is.
 */
public final class RequestLimit implements Filter {

    private final Semaphore permits;
    private final String exemptPath;

    /** Holds requests other than those of {@code exemptPath} to {@code limit} at once. */
    public RequestLimit(int limit, String exemptPath) {
        this.permits = limit > 0 ? new Semaphore(limit) : null;
        this.exemptPath = exemptPath;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest request, RoutingResponse response) {
        if (permits == null || exemptPath.equals(request.path().path())) {
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
