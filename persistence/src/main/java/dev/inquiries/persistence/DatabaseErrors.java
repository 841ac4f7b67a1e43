package dev.inquiries.persistence;

import java.net.UnknownHostException;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.util.Set;

/**
 * Sorts failures of the database into "unavailable" (retry later: 503) and everything else (a bug or a
 * broken schema: 500). One place, so every repository classifies alike.
 */
final class DatabaseErrors {

    /** SQLSTATEs that mean the database is away or overloaded rather than that the request was wrong. */
    private static final Set<String> UNAVAILABLE_STATES = Set.of(
            "57014", // query_canceled: the statement timeout fired
            "57P01", // admin_shutdown
            "57P02", // crash_shutdown
            "57P03", // cannot_connect_now: starting up or shutting down
            "53300", // too_many_connections
            "53000", // insufficient_resources
            "55P03", // lock_not_available: lock_timeout fired
            "40001", // serialization_failure
            "40P01"); // deadlock_detected

    /** SQLSTATEs of a transaction PostgreSQL aborted because it conflicted with another. */
    private static final Set<String> CONFLICT_STATES = Set.of(
            "40001", // serialization_failure
            "40P01"); // deadlock_detected

    /** V36's SQLSTATE for a statement that would have an agent serve more chats than its capacity. */
    private static final String CAPACITY_EXCEEDED = "IQ001";

    private DatabaseErrors() {
    }

    /**
     * The failure to connect with these settings as the service should see it: when PostgreSQL refused the
     * login (a wrong password, an unknown role or database) or the host is unknown, a
     * {@link DatabaseUnavailableException} that says who tried to connect where; otherwise as
     * {@link #translate(RuntimeException)} has it.
     */
    static RuntimeException translate(RuntimeException failure, DatabaseSettings settings) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof UnknownHostException) {
                return new DatabaseUnavailableException("The database host " + settings.host() + " is unknown",
                        "no address for it (" + settings.redactedUrl() + ")", failure);
            }
            if (cause instanceof SQLException sql && isLoginRefused(sql.getSQLState())) {
                return new DatabaseUnavailableException("PostgreSQL at " + settings.hostPortAndDatabase() + " refused user \""
                        + settings.user() + "\" (" + sql.getSQLState() + ")", deepestReason(cause), failure);
            }
        }
        return translate(failure);
    }

    /** The failure as the service should see it: a {@link DatabaseUnavailableException} when it is one. */
    static RuntimeException translate(RuntimeException failure) {
        if (failure instanceof DatabaseUnavailableException) {
            return failure;
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLTransientException) {
                return new DatabaseUnavailableException("The database did not answer in time", deepestReason(cause), failure);
            }
            if (cause instanceof SQLException sql && isUnavailable(sql.getSQLState())) {
                return new DatabaseUnavailableException("The database is unavailable (" + sql.getSQLState() + ")",
                        deepestReason(cause), failure);
            }
        }
        return failure;
    }

    /**
     * Whether PostgreSQL aborted the transaction for a serialization failure (40001) or a deadlock (40P01): it was
     * rolled back whole, and running it again may succeed.
     */
    static boolean isConflict(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && CONFLICT_STATES.contains(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether PostgreSQL refused the statement because an agent would serve more open chats than its capacity allows
     * (V36's rule, SQLSTATE IQ001): the request's refusal, not a failure.
     */
    static boolean isCapacityExceeded(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && CAPACITY_EXCEEDED.equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /** The first line of the innermost SQLException's message: the driver's own words on what failed. */
    private static String deepestReason(Throwable failure) {
        String reason = null;
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException && cause.getMessage() != null) {
                reason = cause.getMessage().lines().findFirst().orElse("").strip();
            }
        }
        return reason == null ? String.valueOf(failure.getMessage()) : reason;
    }

    /** Class 28 (invalid authorization: a wrong password, an unknown role) or 3D000 (no such database). */
    private static boolean isLoginRefused(String sqlState) {
        return sqlState != null && (sqlState.startsWith("28") || sqlState.equals("3D000"));
    }

    private static boolean isUnavailable(String sqlState) {
        // Class 08: connection exceptions.
        return sqlState != null && (sqlState.startsWith("08") || UNAVAILABLE_STATES.contains(sqlState));
    }
}
