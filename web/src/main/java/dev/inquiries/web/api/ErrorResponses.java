package dev.inquiries.web.api;

import dev.inquiries.web.observe.RequestIds;
import java.lang.System.Logger.Level;
import java.lang.System.Logger;

import dev.inquiries.domain.Refusal;
import dev.inquiries.domain.RequestRefusal;
import dev.inquiries.persistence.DatabaseUnavailableException;
import dev.inquiries.web.api.json.RefusalJson;
import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderValues;
import io.helidon.http.HttpException;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;
import io.helidon.webserver.http.ErrorHandler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * The one place where failures become responses. Every body is the contract's JSON with
 * {@code "success": false}; none carries a stack trace, SQL, or a driver's message. Server-side failures
 * are logged once, with the request id the client also receives.
 */
public final class ErrorResponses implements ErrorHandler<Throwable>, DirectHandler {

    private static final Logger LOG = System.getLogger(ErrorResponses.class.getName());

    private static final String INTERNAL_ERROR = "Internal server error";
    private static final String UNAVAILABLE = "The database is unavailable; try again shortly";
    private static final String MALFORMED = "The request is malformed";
    static final String BUSY = "The service is busy; try again shortly";

    private static final int MAX_LOGGED = 200;

    /** A status and the body that goes with it. */
    private record ErrorResponse(Status status, byte[] body) {
    }

    @Override
    public void handle(ServerRequest request, ServerResponse response, Throwable error) {
        String requestId = RequestIds.of(request);
        ErrorResponse mapped = map(error, requestId, request.prologue().method().text() + " "
                + loggable(request.prologue().uriPath().path()));
        if (error instanceof HttpException http) {
            http.headers().forEach(response::header);
        }
        response.status(mapped.status())
                .header(HeaderValues.CONTENT_TYPE_JSON)
                .header(RequestIds.HEADER, requestId)
                .send(mapped.body());
    }

    /**
     * Answers failures that happen before routing: a request line or headers that HTTP cannot parse or
     * that are too long.
     */
    @Override
    public TransportResponse handle(TransportRequest request,
                                    EventType eventType,
                                    Status defaultStatus,
                                    ServerResponseHeaders responseHeaders,
                                    String message) {
        String requestId = RequestIds.newId();
        ErrorResponse mapped;
        if (defaultStatus.code() == Status.SERVICE_UNAVAILABLE_503.code()) {
            LOG.log(Level.WARNING, "request " + requestId + " (" + request.method() + " " + loggable(request.path())
                    + ") answered 503 before routing: " + message);
            mapped = new ErrorResponse(Status.SERVICE_UNAVAILABLE_503, RefusalJson.failure(BUSY));
        } else if (defaultStatus.code() >= 500) {
            // Without a request Helidon's own record of the failure holds its cause: ConnectionFailureLog logs it.
            if (!beforeRequest(request)) {
                LOG.log(Level.ERROR, "request " + requestId + " (" + request.method() + " " + loggable(request.path())
                        + ") failed before routing: " + eventType + ": " + message);
            }
            mapped = new ErrorResponse(Status.INTERNAL_SERVER_ERROR_500, RefusalJson.failure(INTERNAL_ERROR));
        } else if (defaultStatus.code() == Status.BAD_REQUEST_400.code()) {
            mapped = new ErrorResponse(defaultStatus, RefusalJson.refusal(malformed()));
        } else {
            mapped = new ErrorResponse(defaultStatus, RefusalJson.failure(defaultStatus.reasonPhrase()));
        }
        responseHeaders.set(HeaderValues.CONTENT_TYPE_JSON);
        responseHeaders.set(RequestIds.HEADER, requestId);
        return TransportResponse.builder()
                .status(mapped.status())
                .headers(responseHeaders)
                .entity(mapped.body())
                .build();
    }

    private static ErrorResponse map(Throwable error, String requestId, String request) {
        return switch (error) {
            case Refusal refused -> new ErrorResponse(status(refused.reason().outcome()), RefusalJson.refusal(refused));
            case DatabaseUnavailableException unavailable -> {
                LOG.log(Level.WARNING, "request " + requestId + " (" + request + ") answered 503: "
                        + unavailable.getMessage() + ": " + unavailable.reason());
                yield new ErrorResponse(Status.SERVICE_UNAVAILABLE_503, RefusalJson.failure(UNAVAILABLE));
            }
            case HttpException http when http.status().code() == Status.BAD_REQUEST_400.code() ->
                    new ErrorResponse(Status.BAD_REQUEST_400, RefusalJson.refusal(malformed()));
            case HttpException http when http.status().code() < 500 ->
                    new ErrorResponse(http.status(), RefusalJson.failure(http.status().reasonPhrase()));
            default -> {
                LOG.log(Level.ERROR, "request " + requestId + " (" + request + ") failed", error);
                yield new ErrorResponse(Status.INTERNAL_SERVER_ERROR_500, RefusalJson.failure(INTERNAL_ERROR));
            }
        };
    }

    private static Status status(Refusal.Outcome outcome) {
        return switch (outcome) {
            case INVALID -> Status.BAD_REQUEST_400;
            case NOT_LOGGED_IN, LOGIN_REFUSED -> Status.UNAUTHORIZED_401;
            case FORBIDDEN -> Status.FORBIDDEN_403;
            case NOT_FOUND -> Status.NOT_FOUND_404;
            case UNAVAILABLE -> Status.SERVICE_UNAVAILABLE_503;
        };
    }

    /** A request HTTP itself cannot read: {@code invalid-params}, without a word of what the parser saw. */
    private static Refusal malformed() {
        return new Refusal(RequestRefusal.INVALID_PARAMS, MALFORMED);
    }

    /** Whether Helidon failed before it had a request line and headers to pass on (it passes {@code empty()}). */
    static boolean beforeRequest(TransportRequest request) {
        return request == TransportRequest.empty();
    }

    /** Client-supplied text as it may appear in a log line: no control characters, bounded length. */
    static String loggable(String text) {
        String printable = text.codePoints()
                .map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString();
        return printable.length() <= MAX_LOGGED ? printable : printable.substring(0, MAX_LOGGED) + "...";
    }
}
