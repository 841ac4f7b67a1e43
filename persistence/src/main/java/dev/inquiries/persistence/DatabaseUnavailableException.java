package dev.inquiries.persistence;

/**
 * The database could not answer in time: no connection to be had, the connection broke, or a statement
 * ran past its timeout. Callers answer 503; the pool recovers by itself once the database does.
 */
public final class DatabaseUnavailableException extends RuntimeException {

    private final String reason;

    public DatabaseUnavailableException(String message, String reason, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    /** What the driver said about the failure, in one line (for logs and the command line, never for clients). */
    public String reason() {
        return reason;
    }
}
