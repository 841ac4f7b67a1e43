package dev.inquiries.web.api;

/** A new stream while {@code stream.limit} streams are open: a 503, the client retries later. */
final class StreamLimitException extends RuntimeException {

    StreamLimitException() {
        super("Too many live streams are open; try again shortly", null, false, false);
    }
}
