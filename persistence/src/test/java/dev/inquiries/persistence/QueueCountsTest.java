package dev.inquiries.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import dev.inquiries.persistence.testing.TestDatabase;
import dev.inquiries.persistence.testing.TestDatabases;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The counts and versions the triggers keep (V4) stay equal to what counting the rows says, whatever
 * writes them: many concurrent writers, bulk statements, moves between departments and statuses, deletes
 * and truncation.
 */
class QueueCountsTest {

    private static final List<String> DEPARTMENTS = List.of("d1", "d2", "d3", "d4");
    private static final List<String> STATUSES = List.of("queued", "queued", "queued", "taken", "open", "verifying");
    /** Writer n draws its changes from {@code new Random(SEED + n)}; -DqueueCounts.seed=... replays a failure. */
    private static final long SEED = Long.getLong("queueCounts.seed", 20_261_201L);

    private TestDatabase testDatabase;
    private Jdbi jdbi;

    @BeforeEach
    void createDatabase() {
        testDatabase = TestDatabases.create();
        jdbi = testDatabase.jdbi();
        jdbi.useHandle(handle -> DEPARTMENTS.forEach(id ->
                handle.execute("INSERT INTO departments (id, name) VALUES (?, ?)", id, "Name of " + id)));
    }

    @AfterEach
    void dropDatabase() {
        testDatabase.close();
    }

    @Test
    void keepsCountsExactUnderConcurrentInsertsMovesStatusChangesAndDeletes() throws Exception {
        AtomicInteger ids = new AtomicInteger();
        AtomicInteger deadlocksRetried = new AtomicInteger();
        try (ExecutorService writers = Executors.newFixedThreadPool(8)) {
            List<Future<?>> done = new ArrayList<>();
            for (int writer = 0; writer < 8; writer++) {
                Random random = new Random(SEED + writer);
                done.add(writers.submit(() -> {
                    for (int i = 0; i < 100; i++) {
                        retryOnDeadlock(() -> randomChange(ids, random), deadlocksRetried);
                    }
                    return null;
                }));
            }
            for (Future<?> writer : done) {
                writer.get();
            }
        }

        assertThat(keptCounts()).as("queueCounts.seed=%d", SEED).isEqualTo(countedCounts());
        assertThat(ids.get()).isPositive();
    }

    @Test
    void keepsCountsExactThroughBulkStatementsAndTruncation() {
        jdbi.useHandle(handle -> {
            handle.execute("""
                    INSERT INTO inquiries (id, rid, name, ts, status, department_id)
                    SELECT 'b' || g, 'r' || g, 'V' || g, now(), (ARRAY['queued','taken','queued'])[1 + g % 3],
                           CASE WHEN g % 5 = 0 THEN NULL ELSE 'd' || (1 + g % 4) END
                      FROM generate_series(1, 10000) g""");
            assertThat(keptCounts()).isEqualTo(countedCounts());

            handle.execute("UPDATE inquiries SET department_id = 'd1' WHERE department_id = 'd2'");
            handle.execute("UPDATE inquiries SET status = 'taken' WHERE id LIKE 'b1%' AND status = 'queued'");
            handle.execute("UPDATE inquiries SET status = 'queued', department_id = NULL WHERE id LIKE 'b2%'");
            assertThat(keptCounts()).isEqualTo(countedCounts());

            handle.execute("DELETE FROM inquiries WHERE id LIKE 'b3%' OR department_id = 'd4'");
            assertThat(keptCounts()).isEqualTo(countedCounts());

            handle.execute("TRUNCATE inquiries");
            assertThat(keptCounts()).isEqualTo(countedCounts()).allSatisfy((key, count) -> assertThat(count).isZero());
        });
    }

    @Test
    void leavesNothingBehindWhenAWriterRollsBack() {
        Map<String, Long> before = keptCounts();

        try {
            jdbi.useTransaction(handle -> {
                handle.execute("INSERT INTO inquiries (id, rid, name, ts, status, department_id) "
                        + "VALUES ('x', 'r', 'n', now(), 'queued', 'd1')");
                throw new IllegalStateException("roll back");
            });
        } catch (IllegalStateException expected) {
            // rolled back
        }

        assertThat(keptCounts()).isEqualTo(before);
    }

    @Test
    void bumpsTheVersionOfEveryDepartmentWhoseQueueChangesAndOnlyThose() {
        jdbi.useHandle(handle -> {
            handle.execute("INSERT INTO inquiries (id, rid, name, ts, status, department_id) VALUES "
                    + "('q1', 'r', 'n', now(), 'queued', 'd1'), ('t1', 'r', 'n', now(), 'taken', 'd2')");
            Map<String, Long> start = versions(handle);

            handle.execute("UPDATE inquiries SET name = 'renamed' WHERE id = 'q1'");
            Map<String, Long> renamed = versions(handle);
            assertThat(renamed.get("d1")).isGreaterThan(start.get("d1"));

            handle.execute("UPDATE inquiries SET status = 'open' WHERE id = 't1'");
            assertThat(versions(handle)).isEqualTo(renamed);

            handle.execute("UPDATE inquiries SET department_id = 'd3' WHERE id = 'q1'");
            Map<String, Long> moved = versions(handle);
            assertThat(moved.get("d1")).isGreaterThan(renamed.get("d1"));
            assertThat(moved.get("d3")).isGreaterThan(renamed.getOrDefault("d3", 0L));
        });
    }

    private void randomChange(AtomicInteger ids, Random random) {
        jdbi.useTransaction(handle -> {
            int existing = ids.get();
            String target = "i" + (existing == 0 ? 0 : random.nextInt(existing));
            switch (random.nextInt(6)) {
                case 0, 1 -> handle.execute(
                        "INSERT INTO inquiries (id, rid, name, ts, status, department_id) VALUES (?, 'r', 'n', now(), ?, ?)",
                        "i" + ids.getAndIncrement(), STATUSES.get(random.nextInt(STATUSES.size())), department(random));
                case 2 -> handle.execute("UPDATE inquiries SET status = ? WHERE id = ?",
                        STATUSES.get(random.nextInt(STATUSES.size())), target);
                case 3 -> handle.execute("UPDATE inquiries SET department_id = ? WHERE id = ?", department(random), target);
                case 4 -> handle.execute("DELETE FROM inquiries WHERE id = ?", target);
                default -> {
                    // Several rows in one transaction, in both orders of departments.
                    handle.execute("UPDATE inquiries SET department_id = ?, status = 'queued' WHERE id = ?",
                            department(random), target);
                    handle.execute("INSERT INTO inquiries (id, rid, name, ts, status, department_id) "
                            + "VALUES (?, 'r', 'n', now(), 'queued', ?)", "i" + ids.getAndIncrement(), department(random));
                }
            }
        });
    }

    private static String department(Random random) {
        int pick = random.nextInt(DEPARTMENTS.size() + 1);
        return pick == DEPARTMENTS.size() ? null : DEPARTMENTS.get(pick);
    }

    private static void retryOnDeadlock(Runnable change, AtomicInteger retried) {
        while (true) {
            try {
                change.run();
                return;
            } catch (JdbiException failure) {
                if (!(failure.getCause() instanceof SQLException sql) || !"40P01".equals(sql.getSQLState())) {
                    throw failure;
                }
                retried.incrementAndGet();
            }
        }
    }

    @Test
    void twoSessionsTakingFromOneDepartmentDoNotWaitForEachOther() throws Exception {
        jdbi.useHandle(handle -> handle.execute("INSERT INTO inquiries (id, rid, name, ts, status, department_id)"
                + " VALUES ('t1', 'r1', 'Ada', now(), 'queued', 'd1'), ('t2', 'r2', 'Bo', now(), 'queued', 'd1')"));
        List<Connection> opened = new ArrayList<>();
        try {
            // Two sessions of different count slots (V27: pg_backend_pid() % 16), as most pairs of sessions are.
            Connection first = open(opened);
            Connection second = open(opened);
            while (slot(second) == slot(first)) {
                second = open(opened);
            }
            first.setAutoCommit(false);
            second.setAutoCommit(false);
            try (Statement take = first.createStatement()) {
                take.execute("UPDATE inquiries SET status = 'taken', taken_at = now() WHERE id = 't1'");
            }
            // The first take is not committed: before V27 the second waited for it on the department's count row.
            try (Statement take = second.createStatement()) {
                take.execute("SET LOCAL lock_timeout = '2s'");
                take.execute("UPDATE inquiries SET status = 'taken', taken_at = now() WHERE id = 't2'");
            }
            second.commit();
            first.commit();
        } finally {
            for (Connection connection : opened) {
                connection.close();
            }
        }
        assertThat(keptCounts()).isEqualTo(countedCounts()).containsEntry("d1", 0L);
    }

    private Connection open(List<Connection> opened) throws SQLException {
        Connection connection = DriverManager.getConnection(testDatabase.url());
        opened.add(connection);
        return connection;
    }

    private static int slot(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet pid = statement.executeQuery("SELECT pg_backend_pid() % 16")) {
            pid.next();
            return pid.getInt(1);
        }
    }

    private Map<String, Long> keptCounts() {
        Map<String, Long> counts = new TreeMap<>();
        jdbi.useHandle(handle -> handle.createQuery("SELECT department_key, sum(queued)::bigint FROM queue_counts GROUP BY 1")
                .map((row, context) -> Map.entry(row.getString(1), row.getLong(2)))
                .forEach(entry -> counts.put(entry.getKey(), entry.getValue())));
        // Departments that never held a queued inquiry have no row; count them as zero, as counting would.
        return withZeroes(counts);
    }

    private Map<String, Long> countedCounts() {
        Map<String, Long> counts = new TreeMap<>();
        jdbi.useHandle(handle -> handle.createQuery("""
                        SELECT coalesce(department_id, ''), count(*) FROM inquiries WHERE status = 'queued' GROUP BY 1""")
                .map((row, context) -> Map.entry(row.getString(1), row.getLong(2)))
                .forEach(entry -> counts.put(entry.getKey(), entry.getValue())));
        return withZeroes(counts);
    }

    private static Map<String, Long> withZeroes(Map<String, Long> counts) {
        for (String key : List.of("", "d1", "d2", "d3", "d4")) {
            counts.putIfAbsent(key, 0L);
        }
        return counts;
    }

    private static Map<String, Long> versions(org.jdbi.v3.core.Handle handle) {
        Map<String, Long> versions = new TreeMap<>();
        handle.createQuery("SELECT department_key, sum(version)::bigint FROM queue_counts GROUP BY 1")
                .map((row, context) -> Map.entry(row.getString(1), row.getLong(2)))
                .forEach(entry -> versions.put(entry.getKey(), entry.getValue()));
        return versions;
    }
}
