package dev.inquiries.web.api;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.logging.Filter;
import java.util.logging.LogRecord;

import dev.inquiries.web.observe.RequestIds;
import io.helidon.common.buffers.DataReader;
import io.helidon.http.RequestException;

/**
 * Logs the failures Helidon meets on a connection before it has a request to route. Helidon answers them
 * through {@link ErrorResponses} (which cannot see their cause) and then logs them itself, with the cause,
 * as a WARNING on its HTTP/1 connection's logger; this filter on that logger turns each such record into
 * the service's own: a client that hung up before its headers ended (Helidon ends quietly on an unfinished
 * request line, but calls unfinished headers an internal error) is one FINE line without a
 * stack trace, and anything else is a bug, logged once at SEVERE with its cause and the request id the
 * client got. Every other record of that logger passes unchanged.
 */
public final class ConnectionFailureLog implements Filter {

    /** The logger of Helidon's HTTP/1 connection handling. */
    private static final String HELIDON_LOGGER = "io.helidon.webserver.http1.Http1Connection";

    private static final Logger LOG = System.getLogger(ErrorResponses.class.getName());
    /** Held here: java.util.logging keeps loggers only weakly, and the filter with them. */
    private static final java.util.logging.Logger HELIDON = java.util.logging.Logger.getLogger(HELIDON_LOGGER);

    private ConnectionFailureLog() {
    }

    /** Sets the filter on Helidon's logger; installing it again changes nothing. */
    public static void install() {
        if (!(HELIDON.getFilter() instanceof ConnectionFailureLog)) {
            HELIDON.setFilter(new ConnectionFailureLog());
        }
    }

    @Override
    public boolean isLoggable(LogRecord record) {
        if (!(record.getThrown() instanceof RequestException failure) || !ErrorResponses.beforeRequest(failure.request())) {
            return true;
        }
        String requestId = failure.responseHeaders().first(RequestIds.HEADER).orElse("-");
        if (clientHungUp(failure)) {
            LOG.log(Level.DEBUG, "request " + requestId + ": the client hung up before its headers ended");
        } else {
            LOG.log(Level.ERROR, "request " + requestId + " failed before routing: " + failure.eventType(), failure);
        }
        return false;
    }

    /**
     * Whether the failure is the end of the client's data (it closed its side) or a failing socket (it reset
     * the connection): before there is a request, the only input and output is the client's socket.
     */
    private static boolean clientHungUp(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof DataReader.InsufficientDataAvailableException || cause instanceof IOException) {
                return true;
            }
        }
        return false;
    }
}
