package dev.inquiries.persistence;

/**
 * The database could not answer in time: no connection to be had, the connection broke, or a statement
 * ran past its timeout. Callers answer 503; the pool recovers by itself once the database does.
 */
public final class DatabaseUnavailableException extends RuntimeException {

    public DatabaseUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
