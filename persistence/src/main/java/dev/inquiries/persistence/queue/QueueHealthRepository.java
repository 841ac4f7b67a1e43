package dev.inquiries.persistence.queue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import dev.inquiries.persistence.Database;
import dev.inquiries.persistence.DatabaseUnavailableException;
import dev.inquiries.persistence.SqlFiles;
import dev.inquiries.persistence.StatementShape;

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

    /**
     * This class's statements, each in the {@code .sql} file of its name beside it: each department's queue, the
     * snapshots holding back cleanup (with the age of their start where visible), the queue tables' dead rows.
     */
    private enum Sql { DEPARTMENTS, SNAPSHOTS, DEAD_ROWS }

    private static final Map<Sql, String> SQL = composed();

    /** The statements, the departments' composed with the heads of their queues ({@link QueueHeads}). */
    private static Map<Sql, String> composed() {
        Map<Sql, String> statements = new EnumMap<>(SqlFiles.all(QueueHealthRepository.class, Sql.class));
        statements.put(Sql.DEPARTMENTS, SqlFiles.compose(statements.get(Sql.DEPARTMENTS), Map.of(
                "nobodysHead", QueueHeads.withoutDepartment(),
                "departmentHead", QueueHeads.ofDepartment("c.department_key"))));
        return Map.copyOf(statements);
    }

    /** Every statement of the health read in its one shape, for the catalog of statements. */
    static List<StatementShape> statements() {
        return SqlFiles.shapes(QueueHealthRepository.class, SQL, Set.of());
    }

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
            List<DepartmentQueue> departments = handle.createQuery(SQL.get(Sql.DEPARTMENTS))
                    .map((row, context) -> new DepartmentQueue(row.getString("department"), row.getLong("queued"),
                            seconds(row.getObject("oldest_wait"))))
                    .list();
            List<Snapshot> snapshots = handle.createQuery(SQL.get(Sql.SNAPSHOTS))
                    .map((row, context) -> new Snapshot(row.getString("holder"), row.getLong("transactions"),
                            seconds(row.getObject("seconds"))))
                    .list();
            List<TableRows> tables = handle.createQuery(SQL.get(Sql.DEAD_ROWS))
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
