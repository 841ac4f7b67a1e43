package dev.inquiries.persistence.queue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import dev.inquiries.persistence.Database;
import dev.inquiries.persistence.DatabaseUnavailableException;

/**
 * What an operator alerts on before users notice, read from PostgreSQL: the queued inquiries and the oldest wait of
 * each department's queue, the oldest snapshot holding back the cleanup of dead rows (a report's long transaction,
 * a standby's feedback, a replication slot, a prepared transaction), and the dead-row share of the queue's tables.
 *
 * <p>PostgreSQL shows a session's start only to its own role and to holders of {@code pg_read_all_stats}, but
 * every session's snapshot ({@code backend_xmin}). A snapshot whose start it cannot see is aged from when this
 * instance first saw it, so its age is a lower bound that grows while it is held.
 */
public final class QueueHealthRepository {

    /** The service's tables whose dead rows slow the queue down. */
    static final List<String> QUEUE_TABLES = List.of("inquiries", "queue_counts", "queue_changes");

    /** Each department's count, and its oldest wait, searched from its queue's head ({@link QueueHeads}). */
    private static final String DEPARTMENTS = """
            SELECT c.department_key AS department, sum(c.queued) AS queued,
                   extract(epoch FROM now() - CASE WHEN c.department_key = ''
                       THEN (SELECT min(ts) FROM inquiries i
                              WHERE i.status = 'queued' AND i.department_id IS NULL AND <nobodysHead>)
                       ELSE (SELECT min(ts) FROM inquiries i
                              WHERE i.status = 'queued' AND i.department_id = c.department_key AND <departmentHead>)
                       END) AS oldest_wait
              FROM queue_counts c
             GROUP BY c.department_key
             ORDER BY c.department_key"""
            .replace("<nobodysHead>", QueueHeads.withoutDepartment())
            .replace("<departmentHead>", QueueHeads.ofDepartment("c.department_key"));

    /**
     * Every snapshot that holds back cleanup in this database: sessions in it, WAL senders (a standby's
     * {@code hot_standby_feedback}; they belong to no database), prepared transactions and replication slots; the age
     * of its start when visible. Autovacuum's own snapshots hold back no cleanup; PostgreSQL names a session's kind
     * only to its role and to holders of {@code pg_read_all_stats}, so without that an autovacuum worker counts too.
     */
    private static final String SNAPSHOTS = """
            SELECT 'session ' || pid || ' ' || backend_xmin AS holder, age(backend_xmin) AS transactions,
                   extract(epoch FROM now() - xact_start) AS seconds
              FROM pg_stat_activity
             WHERE backend_xmin IS NOT NULL AND pid <> pg_backend_pid()
               AND backend_type IS DISTINCT FROM 'autovacuum worker'
               AND (datname = current_database() OR datname IS NULL)
            UNION ALL
            SELECT 'prepared ' || gid, age(transaction), extract(epoch FROM now() - prepared)
              FROM pg_prepared_xacts
             WHERE database = current_database()
            UNION ALL
            SELECT 'slot ' || slot_name || ' ' || coalesce(xmin, catalog_xmin), greatest(age(xmin), age(catalog_xmin)), NULL
              FROM pg_replication_slots
             WHERE xmin IS NOT NULL OR catalog_xmin IS NOT NULL""";

    private static final String DEAD_ROWS = """
            SELECT relname AS table_name, n_live_tup AS live, n_dead_tup AS dead
              FROM pg_stat_user_tables
             WHERE schemaname = current_schema() AND relname = ANY(CAST(:tables AS text[]))
             ORDER BY relname""";

    private final Database database;
    private final Clock clock;
    /** When this instance first saw each snapshot whose start PostgreSQL does not show it; only the read's thread. */
    private final Map<String, Instant> firstSeen = new HashMap<>();

    public QueueHealthRepository(Database database, Clock clock) {
        this.database = Objects.requireNonNull(database, "database");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Reads all three at once.
     *
     * @throws DatabaseUnavailableException when the database cannot be reached in time
     */
    public synchronized QueueHealth read() {
        return database.withHandle(handle -> {
            List<DepartmentQueue> departments = handle.createQuery(DEPARTMENTS)
                    .map((row, context) -> new DepartmentQueue(row.getString("department"), row.getLong("queued"),
                            seconds(row.getObject("oldest_wait"))))
                    .list();
            List<Snapshot> snapshots = handle.createQuery(SNAPSHOTS)
                    .map((row, context) -> new Snapshot(row.getString("holder"), row.getLong("transactions"),
                            seconds(row.getObject("seconds"))))
                    .list();
            List<TableRows> tables = handle.createQuery(DEAD_ROWS)
                    .bindArray("tables", String.class, QUEUE_TABLES)
                    .map((row, context) -> new TableRows(row.getString("table_name"), row.getLong("live"), row.getLong("dead")))
                    .list();
            return new QueueHealth(departments, oldest(snapshots), tables);
        });
    }

    /** The oldest of the snapshots, aged from its start where visible and from its first sighting otherwise. */
    private OldestSnapshot oldest(List<Snapshot> snapshots) {
        Instant now = clock.instant();
        firstSeen.keySet().retainAll(snapshots.stream().map(Snapshot::holder).toList());
        Duration age = Duration.ZERO;
        long transactions = 0;
        for (Snapshot snapshot : snapshots) {
            Duration seen = Duration.between(firstSeen.computeIfAbsent(snapshot.holder(), holder -> now), now);
            Duration held = snapshot.age().filter(visible -> visible.compareTo(seen) > 0).orElse(seen);
            age = held.compareTo(age) > 0 ? held : age;
            transactions = Math.max(transactions, snapshot.transactions());
        }
        return new OldestSnapshot(age, transactions);
    }

    private static Optional<Duration> seconds(Object value) {
        return value instanceof Number number
                ? Optional.of(Duration.ofNanos(Math.round(number.doubleValue() * 1e9)))
                : Optional.empty();
    }

    private record Snapshot(String holder, long transactions, Optional<Duration> age) {
    }

    /**
     * The queue's health as read at one moment.
     *
     * @param departments each department's queue ({@code ""} for inquiries without a department)
     * @param oldest      the oldest snapshot holding back cleanup
     * @param tables      the queue's tables' live and dead rows, as PostgreSQL's statistics last counted them
     */
    public record QueueHealth(List<DepartmentQueue> departments, OldestSnapshot oldest, List<TableRows> tables) {
    }

    /**
     * One department's queue.
     *
     * @param departmentId the department's id, {@code ""} for none
     * @param queued       inquiries waiting in it
     * @param oldestWait   how long its oldest queued inquiry has waited; empty when none waits
     */
    public record DepartmentQueue(String departmentId, long queued, Optional<Duration> oldestWait) {
    }

    /**
     * The oldest snapshot that holds back the cleanup of dead rows.
     *
     * @param age          how long it has been held (zero when none is)
     * @param transactions how many transactions it is behind ({@code age(xmin)})
     */
    public record OldestSnapshot(Duration age, long transactions) {
    }

    /** A table's live and dead rows. */
    public record TableRows(String table, long live, long dead) {

        /** Dead rows as a share of all rows, 0 for an empty table. */
        public double deadShare() {
            return live + dead == 0 ? 0 : (double) dead / (live + dead);
        }
    }
}
