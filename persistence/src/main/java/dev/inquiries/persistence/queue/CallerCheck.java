package dev.inquiries.persistence.queue;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import dev.inquiries.domain.Authorized;
import dev.inquiries.domain.Credentials;
import dev.inquiries.domain.Permission;
import dev.inquiries.persistence.LoginTokenRepository;

/**
 * The check of a read's caller that travels inside the read's own statement (token, then user, then
 * permission, as a one-row CTE {@code caller (permitted)}), so that checking and reading take one round trip.
 * It owns the fragment, its parameters and the reading of the outcome, which fails closed: a statement
 * without rows, or a row without a caller, refuses; only {@code permitted = true} grants.
 */
final class CallerCheck {

    /** The column of each row that carries the caller's verdict. */
    static final String PERMITTED = "permitted";

    /**
     * The caller as a one-row relation {@code (permitted boolean, user_id text, restricted boolean)}: no row
     * when the token is not valid; {@code permitted} tells whether a role of the user grants :permission,
     * {@code restricted} whether its view of the queue is limited to its units' departments
     * ({@link QueueVisibility#restricted}).
     */
    private static final String CALLER = "SELECT " + holds("u.id", ":permission") + " AS permitted,\n"
            + "       u.id AS user_id,\n"
            + "       " + QueueVisibility.restricted("u.id") + " AS restricted" + LoginTokenRepository.VALID_TOKEN;

    /** The caller of a trusted read (the command line, tests): always permitted, nobody, unrestricted. */
    private static final CallerCheck TRUSTED = new CallerCheck(
            "SELECT true AS permitted, NULL::text AS user_id, false AS restricted", Map.of());

    private final String sql;
    private final Map<String, Object> parameters;

    /**
     * A check by any fragment yielding at most one row {@code (permitted boolean, user_id text, restricted
     * boolean)}: for tests of failing closed.
     */
    CallerCheck(String sql, Map<String, Object> parameters) {
        this.sql = sql;
        this.parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }

    /** The check that the credentials are a valid token of a user whose roles grant the permission. */
    static CallerCheck of(Credentials credentials, Permission permission, Duration tokenLifetime) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("permission", permission.id());
        parameters.putAll(LoginTokenRepository.validTokenParameters(credentials, tokenLifetime));
        return new CallerCheck(CALLER, parameters);
    }

    /**
     * Whether a role of the user grants the permission, as a boolean expression over the SQL expressions of a
     * user id and a permission id: V26's {@code user_permissions}, the one definition of holding a permission.
     */
    static String holds(String user, String permission) {
        return "EXISTS (SELECT 1 FROM user_permissions up"
                + " WHERE up.user_id = " + user + " AND up.permission_id = " + permission + ")";
    }

    /** No check: the caller is the service itself. */
    static CallerCheck trusted() {
        return TRUSTED;
    }

    /** The fragment, for a statement's {@code caller} CTE. */
    String sql() {
        return sql;
    }

    /** The fragment's parameters, in the order of first use. */
    Map<String, Object> parameters() {
        return parameters;
    }

    /** What one row says of its caller: its {@link #PERMITTED} column, NULL when there was no caller. */
    static Verdict verdict(ResultSet row) throws SQLException {
        boolean permitted = row.getBoolean(PERMITTED);
        if (row.wasNull()) {
            return Verdict.NOT_AUTHENTICATED;
        }
        return permitted ? Verdict.PERMITTED : Verdict.FORBIDDEN;
    }

    /**
     * The outcome of a checked statement from its rows: the first row's verdict decides, and only
     * {@link Verdict#PERMITTED} reads the value from the rows. No row at all is {@code NotAuthenticated}.
     */
    static <R extends Checked, T> Authorized<T> decide(List<R> rows, Function<List<R>, T> value) {
        if (rows.isEmpty()) {
            return new Authorized.NotAuthenticated<>();
        }
        return switch (rows.getFirst().caller()) {
            case NOT_AUTHENTICATED -> new Authorized.NotAuthenticated<>();
            case FORBIDDEN -> new Authorized.Forbidden<>();
            case PERMITTED -> new Authorized.Granted<>(value.apply(rows));
        };
    }

    /** What a row says of its caller. */
    enum Verdict {
        /** No active user with that unexpired token. */
        NOT_AUTHENTICATED,
        /** A user, without the permission. */
        FORBIDDEN,
        /** A user with the permission. */
        PERMITTED
    }

    /** A row of a checked statement. */
    interface Checked {
        /** The caller's verdict as this row carries it. */
        Verdict caller();
    }
}
