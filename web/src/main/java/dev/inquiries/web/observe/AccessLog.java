package dev.inquiries.web.observe;

import java.util.Locale;

import io.helidon.webserver.accesslog.AccessLogContext;
import io.helidon.webserver.accesslog.AccessLogEntry;
import io.helidon.webserver.accesslog.AccessLogFeature;
import io.helidon.webserver.accesslog.HostLogEntry;
import io.helidon.webserver.accesslog.RequestLineLogEntry;
import io.helidon.webserver.accesslog.SizeLogEntry;
import io.helidon.webserver.accesslog.StatusLogEntry;

/**
 * One line per request on the logger {@code io.helidon.webserver.AccessLog}:
 * <pre>
 * 127.0.0.1 "GET /api/v1/livechat/inquiries.list HTTP/1.1" 200 312 3.481ms 4c1f0b1e-...
 * </pre>
 * client, request line (the path only: never the query string, never a header, so no token), status, body
 * bytes, duration, and the request id the client got in {@code X-Request-Id}.
 */
public final class AccessLog {

    public static final String LOGGER = AccessLogFeature.DEFAULT_LOGGER_NAME;

    private AccessLog() {
    }

    public static AccessLogFeature feature() {
        return AccessLogFeature.builder()
                .loggerName(LOGGER)
                .addEntry(HostLogEntry.create())
                .addEntry(RequestLineLogEntry.create())
                .addEntry(StatusLogEntry.create())
                .addEntry(SizeLogEntry.create())
                .addEntry(AccessLog::duration)
                .addEntry(AccessLog::requestId)
                .build();
    }

    private static String duration(AccessLogContext context) {
        return String.format(Locale.ROOT, "%.3fms", (context.responseNanoTime() - context.requestNanoTime()) / 1e6);
    }

    private static String requestId(AccessLogContext context) {
        return context.serverResponse().headers().first(RequestIds.HEADER).orElse(AccessLogEntry.NOT_AVAILABLE);
    }
}
