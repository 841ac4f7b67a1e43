package dev.inquiries.persistence;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.inquiries.domain.login.LoginPolicy;
import dev.inquiries.domain.login.LoginRefusedException.Reason;
import org.jdbi.v3.core.Handle;

/**
 * Failed logins counted in PostgreSQL ({@code login_blocks}), per submitted name and per client address, so
 * that a block holds across instances and restarts. Times come from the caller's clock, so that tests can
 * move it.
 */
final class LoginBlocks {

    /** This class's statements, each in the {@code .sql} file of its name beside it. */
    private enum Sql { BLOCKED, RECORD_FAILURE, TRIM, CLEAR }

    private static final Map<Sql, String> SQL = SqlFiles.all(LoginBlocks.class, Sql.class);

    /** This class's statements, each in its one shape, for the catalog ({@link Statements}). */
    static List<StatementShape> statements() {
        return SqlFiles.shapes(LoginBlocks.class, SQL, Set.of());
    }

    private final Database database;
    private final LoginPolicy policy;

    LoginBlocks(Database database, LoginPolicy policy) {
        this.database = database;
        this.policy = policy;
    }

    /** Whether the name (when there is one) or the address is blocked at this moment. */
    Optional<Reason> blocked(String userKey, String ipKey, Instant now) {
        return database.withHandle(handle -> handle.createQuery(SQL.get(Sql.BLOCKED))
                .bind("userKey", userKey)
                .bind("ipKey", ipKey)
                .bind("now", at(now))
                .mapTo(String.class)
                .findOne()
                .map(kind -> kind.equals("user") ? Reason.BLOCKED_FOR_USER : Reason.BLOCKED_FOR_IP));
    }

    /** Counts a failed login of the name (when there is one) and from the address. */
    void recordFailure(String userKey, String ipKey, Instant now) {
        database.inTransaction(handle -> {
            handle.createUpdate(SQL.get(Sql.TRIM))
                    .bind("now", at(now))
                    .bind("windowSeconds", seconds(policy.window().toMillis()))
                    .execute();
            if (userKey != null) {
                count(handle, "user", userKey, policy.userFailures(), policy.userBlock().toMillis(), now);
            }
            count(handle, "ip", ipKey, policy.ipFailures(), policy.ipBlock().toMillis(), now);
            return null;
        });
    }

    /** Forgets the failures of a name, after it logged in. */
    void clear(String userKey) {
        database.withHandle(handle -> handle.createUpdate(SQL.get(Sql.CLEAR))
                .bind("key", userKey)
                .execute());
    }

    private void count(Handle handle, String kind, String key, int limit, long blockMillis, Instant now) {
        handle.createUpdate(SQL.get(Sql.RECORD_FAILURE))
                .bind("kind", kind)
                .bind("key", key)
                .bind("limit", limit)
                .bind("now", at(now))
                .bind("blockSeconds", seconds(blockMillis))
                .bind("windowSeconds", seconds(policy.window().toMillis()))
                .execute();
    }

    private static OffsetDateTime at(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static double seconds(long millis) {
        return millis / 1000.0;
    }
}
