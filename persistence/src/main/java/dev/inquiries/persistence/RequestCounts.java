package dev.inquiries.persistence;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Requests counted per endpoint and client address in PostgreSQL ({@code request_counts}, V35), in a fixed window
 * per key that begins with its first request, so that a rate limit holds across instances. Each request is one
 * upsert that answers the key's count; the limit itself is the caller's (web's {@code RateLimits}). Rows whose
 * window ended are trimmed at most once per trim interval, by whichever request comes due. Times come from the
 * caller's clock, as {@link LoginBlocks}' do, so that tests can move it.
 */
public final class RequestCounts {

    /** This class's statements, each in the {@code .sql} file of its name beside it. */
    private enum Sql { COUNT, TRIM }

    private static final Map<Sql, String> SQL = SqlFiles.all(RequestCounts.class, Sql.class);

    /** Its statements, for the catalog ({@link Statements}). */
    static List<StatementShape> statements() {
        return SqlFiles.shapes(RequestCounts.class, SQL, Set.of());
    }

    private final Database database;
    private final Duration trimEvery;
    private final AtomicReference<Instant> nextTrim = new AtomicReference<>(Instant.MIN);

    /**
     * @param trimEvery how often ended windows are deleted (by this instance; every instance trims)
     */
    public RequestCounts(Database database, Duration trimEvery) {
        this.database = database;
        this.trimEvery = Objects.requireNonNull(trimEvery, "trimEvery");
    }

    /**
     * A key's requests in its current window, this one included, and when the window ends.
     *
     * @param hits       requests counted in the window, refused ones included
     * @param windowEnds when the next request starts a new window
     */
    public record Count(long hits, Instant windowEnds) {
    }

    /** Counts one request of the address to the route at {@code now}; a window of {@code window} starts when none runs. */
    public Count count(String route, String address, Duration window, Instant now) {
        trimIfDue(now);
        return database.withHandle(handle -> handle.createQuery(SQL.get(Sql.COUNT))
                .bind("route", route)
                .bind("address", address)
                .bind("now", at(now))
                .bind("windowSeconds", window.toMillis() / 1000.0)
                .map((rows, context) -> new Count(rows.getLong("hits"),
                        rows.getObject("window_ends", OffsetDateTime.class).toInstant()))
                .one());
    }

    /** Deletes the ended windows when this instance has not done so for the trim interval. */
    private void trimIfDue(Instant now) {
        Instant due = nextTrim.get();
        if (now.isBefore(due) || !nextTrim.compareAndSet(due, now.plus(trimEvery))) {
            return;
        }
        database.withHandle(handle -> handle.createUpdate(SQL.get(Sql.TRIM))
                .bind("now", at(now))
                .execute());
    }

    private static OffsetDateTime at(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
