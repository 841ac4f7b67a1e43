package dev.inquiries.web.observe;

import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.RoutingResponse;
import io.helidon.webserver.accesslog.AccessLogContext;
import io.helidon.webserver.accesslog.AccessLogEntry;
import io.helidon.webserver.accesslog.AccessLogFeature;
import io.helidon.webserver.accesslog.HostLogEntry;
import io.helidon.webserver.accesslog.RequestLineLogEntry;
import io.helidon.webserver.accesslog.StatusLogEntry;

/**
 * One line per request on the logger {@code io.helidon.webserver.AccessLog}:
 * <pre>
 * 127.0.0.1 "GET /api/v1/livechat/inquiries.list HTTP/1.1" 200 312 3.481ms 4c1f0b1e-...
 * </pre>
 * client, request line (the path only: never the query string, never a header, so no token), status, body
 * bytes (the entity only), duration, and the request id the client got in {@code X-Request-Id}.
 */
public final class AccessLog {

    private static final String LOGGER = AccessLogFeature.DEFAULT_LOGGER_NAME;

    private AccessLog() {
    }

    public static AccessLogFeature feature() {
        return AccessLogFeature.builder()
                .loggerName(LOGGER)
                .addEntry(HostLogEntry.create())
                .addEntry(RequestLineLogEntry.create())
                .addEntry(StatusLogEntry.create())
                .addEntry(AccessLog::entityBytes)
                .addEntry(AccessLog::duration)
                .addEntry(AccessLog::requestId)
                .build();
    }

    /**
     * The bytes of the response's entity: its {@code Content-Length}, which Helidon sets on every response sent
     * whole; none for HEAD and for statuses that carry no body; {@code -} for a streamed one (no length known).
     * Helidon's {@code SizeLogEntry} counts the status line and headers too.
     */
    private static String entityBytes(AccessLogContext context) {
        RoutingResponse response = context.serverResponse();
        int status = response.status().code();
        if (context.serverRequest().prologue().method() == Method.HEAD || status < Status.OK_200.code()
                || status == Status.NO_CONTENT_204.code() || status == Status.NOT_MODIFIED_304.code()) {
            return "0";
        }
        return response.headers().first(HeaderNames.CONTENT_LENGTH).orElse(AccessLogEntry.NOT_AVAILABLE);
    }

    private static String duration(AccessLogContext context) {
        long micros = Math.max(0, (context.responseNanoTime() - context.requestNanoTime() + 500) / 1000);
        long fraction = micros % 1000;
        return (micros / 1000) + (fraction < 10 ? ".00" : fraction < 100 ? ".0" : ".") + fraction + "ms";
    }

    private static String requestId(AccessLogContext context) {
        return context.serverResponse().headers().first(RequestIds.HEADER).orElse(AccessLogEntry.NOT_AVAILABLE);
    }
}
