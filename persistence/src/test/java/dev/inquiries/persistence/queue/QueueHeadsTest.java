package dev.inquiries.persistence.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import dev.inquiries.domain.Credentials;
import dev.inquiries.domain.InquiryListRequest;
import dev.inquiries.domain.Page;
import dev.inquiries.domain.Permission;
import dev.inquiries.domain.QueueOrder;
import dev.inquiries.domain.Roles;
import dev.inquiries.domain.SortSpec;
import dev.inquiries.persistence.AgentRepository;
import dev.inquiries.persistence.Database;
import dev.inquiries.persistence.LoginTokenRepository;
import dev.inquiries.persistence.LoginTokenRepository.IssuedToken;
import dev.inquiries.persistence.SqlStatement;
import dev.inquiries.persistence.UserRepository;
import dev.inquiries.persistence.testing.Await;
import dev.inquiries.persistence.testing.TestDatabase;
import dev.inquiries.persistence.testing.TestDatabases;
import dev.inquiries.persistence.testing.TestSettings;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;
import org.junit.jupiter.api.Test;

/**
 * V31's heads of the queues: in every snapshot no queued inquiry of a department is older than its head, whatever
 * writers and advancers do at once, so the oldest-first pages that start their scans at the heads are the pages
 * read without them.
 */
class QueueHeadsTest {

    private static final List<String> DEPARTMENTS = Collections.unmodifiableList(Arrays.asList("d1", "d2", "d3", null));
    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private static final int SEEDED = 600;
    /** How much longer than its six seconds the race may run on a slow machine before too little work fails it. */
    private static final Duration MOST_EXTRA = Duration.ofSeconds(24);

    /** Queued inquiries older than their department's head, and departments with queued inquiries but no head. */
    private static final String VIOLATIONS = """
            SELECT (SELECT count(*) FROM inquiries i
                     WHERE inquiry_is_queued(i.status)
                       AND i.ts < coalesce((SELECT h.head FROM queue_heads h
                                             WHERE h.department_key = coalesce(i.department_id, '')), '-infinity'))
                 + (SELECT count(DISTINCT coalesce(i.department_id, '')) FROM inquiries i
                     WHERE inquiry_is_queued(i.status)
                       AND NOT EXISTS (SELECT 1 FROM queue_heads h WHERE h.department_key = coalesce(i.department_id, '')))""";

    private static final String ADVANCE = "SELECT moved, skipped FROM advance_queue_heads()";

    @Test
    void noQueuedInquiryIsEverOlderThanItsHeadWhileWritersAndAnAdvancerRace() throws Exception {
        try (TestDatabase testDatabase = TestDatabases.create(); Database database = testDatabase.open()) {
            Jdbi jdbi = testDatabase.jdbi();
            seed(jdbi, new Random(17));
            IssuedToken agent = agentOf(database, "d1", "d2");
            Duration race = Duration.ofSeconds(6);
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicLong violations = new AtomicLong();
            AtomicLong checks = new AtomicLong();
            AtomicLong pagesCompared = new AtomicLong();
            AtomicLong advances = new AtomicLong();
            AtomicLong moved = new AtomicLong();
            AtomicLong conflicts = new AtomicLong();
            List<String> firstDifference = Collections.synchronizedList(new ArrayList<>());
            ExecutorService threads = Executors.newCachedThreadPool();
            List<Future<?>> work = new ArrayList<>();
            AtomicLong nextId = new AtomicLong(SEEDED);
            // Four writers, the advancer and the checker, each on its own session, released together.
            CyclicBarrier start = new CyclicBarrier(6);
            for (int w = 0; w < 4; w++) {
                long seed = 100 + w;
                work.add(threads.submit(() -> write(testDatabase, new Random(seed), start, running, nextId, conflicts)));
            }
            work.add(threads.submit(() -> {
                try (Connection advancer = DriverManager.getConnection(testDatabase.url());
                     Statement statement = advancer.createStatement()) {
                    Random random = new Random(7);
                    start.await();
                    while (running.get()) {
                        try (ResultSet result = statement.executeQuery(random.nextInt(4) == 0
                                ? "SELECT moved, skipped FROM advance_queue_heads(ARRAY['d1', ''])" : ADVANCE)) {
                            result.next();
                            moved.addAndGet(result.getInt("moved"));
                        }
                        advances.incrementAndGet();
                        pause(random);
                    }
                }
                return null;
            }));
            work.add(threads.submit(() -> {
                Random random = new Random(9);
                start.await();
                while (running.get()) {
                    long found = jdbi.withHandle(handle -> handle.createQuery(VIOLATIONS).mapTo(Long.class).one());
                    violations.addAndGet(found);
                    checks.incrementAndGet();
                    // The pages with heads and without, in one REPEATABLE READ snapshot taken mid-race.
                    Optional<String> difference = comparePages(jdbi, agent, random);
                    difference.ifPresent(firstDifference::add);
                    pagesCompared.incrementAndGet();
                }
                return null;
            }));
            // At least the race's time, and on a slow machine longer, until each party has done enough for the
            // race to be one (asserted below), up to a ceiling.
            long least = System.nanoTime() + race.toNanos();
            long most = least + MOST_EXTRA.toNanos();
            BooleanSupplier enough = () -> checks.get() > 20 && pagesCompared.get() > 20 && advances.get() > 100
                    && moved.get() > 20 && nextId.get() > SEEDED + 200;
            while (System.nanoTime() - most < 0 && (System.nanoTime() - least < 0 || !enough.getAsBoolean())) {
                Thread.sleep(100);
            }
            running.set(false);
            for (Future<?> future : work) {
                future.get(30, TimeUnit.SECONDS);
            }
            threads.shutdown();

            // Afterwards too, once more advanced: through the repository, in a snapshot of its own each.
            jdbi.useHandle(handle -> handle.createQuery(ADVANCE).mapToMap().one());
            long after = jdbi.withHandle(handle -> handle.createQuery(VIOLATIONS).mapTo(Long.class).one());
            assertThat(after).isZero();
            InquiryRepository repository = new InquiryRepository(database,
                    new LoginTokenRepository(database, TestSettings.TOKEN_LIFETIME));
            for (Optional<String> department : List.of(Optional.<String>empty(), Optional.of("d1"), Optional.of("d3"))) {
                InquiryListRequest request = new InquiryListRequest(department, new Page(0, OptionalLong.of(40)),
                        SortSpec.OLDEST_FIRST);
                List<String> withoutHeads = jdbi.withHandle(handle -> oldestWithoutHeads(handle, department, 40));
                assertThat(repository.list(request).inquiries()).extracting(inquiry -> inquiry.id())
                        .as(department.toString()).isEqualTo(withoutHeads);
            }

            assertThat(firstDifference).as("pages that differ from those read without heads").isEmpty();
            assertThat(violations.get()).as("queued inquiries found older than their head in %d checks", checks.get())
                    .isZero();
            // The race was one: the advancer ran and moved heads, the checks ran, and the writers got through.
            assertThat(checks.get()).isGreaterThan(20);
            assertThat(pagesCompared.get()).isGreaterThan(20);
            assertThat(advances.get()).isGreaterThan(100);
            assertThat(moved.get()).isGreaterThan(20);
            assertThat(nextId.get()).isGreaterThan(SEEDED + 200);
        }
    }

    @Test
    void arrivalsThatRollBackWhileOthersLowerTheHeadFailNoneOfThem() throws Exception {
        // V31 held the head row FOR KEY SHARE and then updated it: PostgreSQL 15 then aborted some of these arrivals
        // with XX000 "new multixact has more than one updating member" within seconds (V45).
        try (TestDatabase testDatabase = TestDatabases.create()) {
            Jdbi jdbi = testDatabase.jdbi();
            jdbi.useHandle(handle -> {
                insert(handle, "seed", null, "2026-12-01T10:00:00Z", "queued");
                // As the advancer leaves an empty queue: every arrival below lowers it (and, rolled back, leaves it).
                handle.execute("UPDATE queue_heads SET head = 'infinity' WHERE department_key = ''");
            });
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicLong arrivals = new AtomicLong();
            ExecutorService writers = Executors.newFixedThreadPool(4);
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                done.add(writers.submit(() -> {
                    try (Connection connection = DriverManager.getConnection(testDatabase.url());
                         Statement statement = connection.createStatement()) {
                        connection.setAutoCommit(false);
                        while (running.get()) {
                            statement.execute("INSERT INTO inquiries (id, rid, name, ts, status, queued_at) VALUES "
                                    + "(md5(random()::text), md5(random()::text), 'V', "
                                    + "now() - random() * interval '2 hours', 'queued', now())");
                            connection.rollback();
                            arrivals.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            TimeUnit.SECONDS.sleep(6);
            running.set(false);
            writers.shutdown();
            for (Future<?> writer : done) {
                writer.get(30, TimeUnit.SECONDS);
            }
            assertThat(arrivals.get()).as("arrivals tried").isGreaterThan(100);
        }
    }

    @Test
    void anArrivalStillOpenKeepsTheAdvancerOffItsHead() throws Exception {
        try (TestDatabase testDatabase = TestDatabases.create()) {
            Jdbi jdbi = testDatabase.jdbi();
            jdbi.useHandle(handle -> {
                handle.execute("INSERT INTO departments (id, name) VALUES ('d1', 'One')");
                insert(handle, "a", "d1", "2026-12-01T10:00:00Z", "queued");
                insert(handle, "c", "d1", "2026-12-01T11:00:00Z", "queued");
            });
            assertThat(head(jdbi, "d1")).isEqualTo("2026-12-01 10:00:00+00");
            try (Connection writer = DriverManager.getConnection(testDatabase.url())) {
                writer.setAutoCommit(false);
                // Queued at 10:30, not older than the head (10:00): nothing to lower, but the head row is held.
                try (Statement statement = writer.createStatement()) {
                    statement.execute("INSERT INTO inquiries (id, rid, name, ts, status, department_id)"
                            + " VALUES ('b', 'room-b', 'B', '2026-12-01T10:30:00Z', 'queued', 'd1')");
                }
                jdbi.useHandle(handle -> handle.execute("UPDATE inquiries SET status = 'taken' WHERE id = 'a'"));

                // The advancer cannot see b yet, and would raise the head to c's 11:00: it skips the held head.
                Map<String, Object> skipped = advance(jdbi);
                assertThat(skipped).containsEntry("moved", 0).containsEntry("skipped", 1);
                assertThat(head(jdbi, "d1")).isEqualTo("2026-12-01 10:00:00+00");

                writer.commit();
            }
            assertThat(advance(jdbi)).containsEntry("moved", 1).containsEntry("skipped", 0);
            assertThat(head(jdbi, "d1")).isEqualTo("2026-12-01 10:30:00+00");
            // Taken and returned with its old time, an inquiry lowers the head again, in the same statement.
            jdbi.useHandle(handle -> handle.execute("UPDATE inquiries SET status = 'queued' WHERE id = 'a'"));
            assertThat(head(jdbi, "d1")).isEqualTo("2026-12-01 10:00:00+00");
            jdbi.useHandle(handle -> handle.execute("UPDATE inquiries SET status = 'taken' WHERE status = 'queued'"));
            assertThat(advance(jdbi)).containsEntry("moved", 1);
            assertThat(head(jdbi, "d1")).isEqualTo("infinity");
            // A move into the department with an older time, and a department's first arrival, make their heads.
            jdbi.useHandle(handle -> {
                handle.execute("INSERT INTO departments (id, name) VALUES ('d2', 'Two')");
                insert(handle, "m", "d2", "2026-11-01T09:00:00Z", "queued");
                handle.execute("UPDATE inquiries SET department_id = 'd1' WHERE id = 'm'");
                insert(handle, "n", null, "2026-11-02T09:00:00Z", "queued");
            });
            assertThat(head(jdbi, "d1")).isEqualTo("2026-11-01 09:00:00+00");
            assertThat(head(jdbi, "d2")).isEqualTo("2026-11-01 09:00:00+00");
            assertThat(head(jdbi, "")).isEqualTo("2026-11-02 09:00:00+00");
            assertThat(advance(jdbi)).containsEntry("moved", 1);
            assertThat(head(jdbi, "d2")).isEqualTo("infinity");
        }
    }

    @Test
    void twoAdvancersAtOnceDoNotWaitForEachOtherAndAReportsSnapshotKeepsItsPages() throws Exception {
        try (TestDatabase testDatabase = TestDatabases.create()) {
            Jdbi jdbi = testDatabase.jdbi();
            jdbi.useHandle(handle -> {
                handle.execute("INSERT INTO departments (id, name) VALUES ('d1', 'One'), ('d2', 'Two')");
                for (int i = 0; i < 20; i++) {
                    insert(handle, "i" + i, i % 3 == 2 ? null : "d" + (i % 3 + 1),
                            NOW.minus(Duration.ofMinutes(100 - i)).toString(), "queued");
                }
            });
            try (Connection first = DriverManager.getConnection(testDatabase.url());
                 Connection report = DriverManager.getConnection(testDatabase.url())) {
                // A report's snapshot, taken before the takes below.
                report.setAutoCommit(false);
                report.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
                List<String> reportBefore = oldestIds(report, 50);
                assertThat(reportBefore).hasSize(20);

                jdbi.useHandle(handle -> handle.execute("""
                        UPDATE inquiries SET status = 'taken'
                         WHERE id IN (SELECT id FROM inquiries WHERE status = 'queued' ORDER BY ts LIMIT 8)"""));

                // One advancer inside its transaction, holding its locks; a second one returns at once.
                first.setAutoCommit(false);
                try (Statement statement = first.createStatement();
                     ResultSet result = statement.executeQuery(ADVANCE)) {
                    result.next();
                    assertThat(result.getInt("moved")).isEqualTo(3);
                }
                long started = System.nanoTime();
                Map<String, Object> second = jdbi.withHandle(handle -> {
                    handle.execute("SET lock_timeout = '2s'");
                    return handle.createQuery(ADVANCE).mapToMap().one();
                });
                assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
                assertThat(second).containsEntry("moved", 0).containsEntry("skipped", 3);
                first.commit();
                // Run again and again, it moves nothing more and skips nothing.
                assertThat(advance(jdbi)).containsEntry("moved", 0).containsEntry("skipped", 0);

                // The report still reads its own snapshot's queue through the heads it saw; now's queue is 12 long.
                assertThat(oldestIds(report, 50)).isEqualTo(reportBefore);
                try (Statement statement = report.createStatement()) {
                    assertThatThrownBy(() -> statement.executeQuery(ADVANCE))
                            .isInstanceOf(SQLException.class)
                            .satisfies(failure -> assertThat(((SQLException) failure).getSQLState()).isEqualTo("25000"))
                            .hasMessageContaining("READ COMMITTED");
                }
                report.rollback();
                List<String> now = jdbi.withHandle(handle -> oldestWithoutHeads(handle, Optional.empty(), 50));
                assertThat(now).isEqualTo(reportBefore.subList(8, 20));
                assertThat(oldestIds(report, 50)).isEqualTo(reportBefore.subList(8, 20));
                report.rollback();
            }
        }
    }

    @Test
    void theServicesAdvancerFollowsTakesDeletesAndBulkChangesThroughTheChangeLog() {
        try (TestDatabase testDatabase = TestDatabases.create(); Database database = testDatabase.open()) {
            Jdbi jdbi = testDatabase.jdbi();
            jdbi.useHandle(handle -> {
                handle.execute("INSERT INTO departments (id, name) VALUES ('d1', 'One'), ('d2', 'Two')");
                insert(handle, "a", "d1", "2026-12-01T10:00:00Z", "queued");
                insert(handle, "b", "d1", "2026-12-01T10:30:00Z", "queued");
                insert(handle, "c", null, "2026-12-01T09:00:00Z", "queued");
                insert(handle, "d", "d2", "2026-12-01T08:00:00Z", "queued");
            });
            try (ChangeFollower follower = new ChangeFollower(database, 10_000, Duration.ofMillis(200))) {
                QueueHeadAdvancer advancer = new QueueHeadAdvancer(follower, Duration.ofMillis(50));
                follower.start();
                Await.until(Duration.ofSeconds(10), () -> advancer.runs() > 0, "the first pass's run");

                jdbi.useHandle(handle -> handle.execute("UPDATE inquiries SET status = 'taken' WHERE id = 'a'"));
                Await.until(Duration.ofSeconds(10), () -> "2026-12-01 10:30:00+00".equals(head(jdbi, "d1")),
                        () -> "d1's head after the take of a: " + head(jdbi, "d1"));
                jdbi.useHandle(handle -> handle.execute("DELETE FROM inquiries WHERE id = 'c'"));
                Await.until(Duration.ofSeconds(10), () -> "infinity".equals(head(jdbi, "")),
                        () -> "the head of no department after the delete of c: " + head(jdbi, ""));
                // More than V25's 1,000 rows in one statement log one reset: every head is advanced.
                jdbi.useHandle(handle -> {
                    handle.execute("""
                            INSERT INTO inquiries (id, rid, name, ts, status, department_id)
                            SELECT 'bulk' || g, 'room-bulk' || g, 'Bulk', timestamptz '2026-11-01' + g * interval '1 second',
                                   'queued', 'd2'
                              FROM generate_series(1, 1500) AS g""");
                    handle.execute("UPDATE inquiries SET status = 'taken' WHERE department_id = 'd2' AND status = 'queued'");
                });
                Await.until(Duration.ofSeconds(10), () -> "infinity".equals(head(jdbi, "d2")),
                        () -> "d2's head after the bulk take: " + head(jdbi, "d2"));
                assertThat(head(jdbi, "d1")).isEqualTo("2026-12-01 10:30:00+00");
            }
        }
    }

    // --- the race --------------------------------------------------------------------------------------------------

    private static void seed(Jdbi jdbi, Random random) {
        jdbi.useHandle(handle -> {
            handle.execute("INSERT INTO departments (id, name) VALUES ('d1', 'One'), ('d2', 'Two'), ('d3', 'Three')");
            for (int i = 0; i < SEEDED; i++) {
                insert(handle, "i" + i, department(random), randomTime(random).toString(),
                        random.nextInt(3) == 0 ? "taken" : "queued");
            }
        });
    }

    /**
     * One writer: random arrivals (some far older than anything queued), returns of taken inquiries with their old
     * time, moves, lowered times and takes from the oldest end, alone or several in one transaction (some REPEATABLE
     * READ, whose serialization failures are expected and rolled back).
     */
    private static Void write(TestDatabase testDatabase, Random random, CyclicBarrier start, AtomicBoolean running,
                              AtomicLong nextId, AtomicLong conflicts) throws Exception {
        try (Connection connection = DriverManager.getConnection(testDatabase.url())) {
            start.await();
            while (running.get()) {
                boolean transaction = random.nextInt(3) == 0;
                if (transaction) {
                    connection.setAutoCommit(false);
                    connection.setTransactionIsolation(random.nextInt(3) == 0
                            ? Connection.TRANSACTION_REPEATABLE_READ : Connection.TRANSACTION_READ_COMMITTED);
                }
                try {
                    int statements = transaction ? 2 + random.nextInt(3) : 1;
                    for (int s = 0; s < statements; s++) {
                        writeOne(connection, random, nextId);
                        if (transaction) {
                            pause(random);
                        }
                    }
                    if (transaction) {
                        connection.commit();
                    }
                } catch (SQLException failure) {
                    // Serialization failures (a REPEATABLE READ writer whose head moved) and deadlocks (row locks of
                    // inquiries taken in different orders) are the writer's to run again; here they are skipped.
                    if (!List.of("40001", "40P01").contains(failure.getSQLState())) {
                        throw failure;
                    }
                    if (transaction) {
                        connection.rollback();
                    }
                    conflicts.incrementAndGet();
                } finally {
                    if (transaction) {
                        connection.setAutoCommit(true);
                        connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
                    }
                }
            }
        }
        return null;
    }

    private static void writeOne(Connection connection, Random random, AtomicLong nextId) throws SQLException {
        int kind = random.nextInt(7);
        String sql = switch (kind) {
            case 0, 1 -> "INSERT INTO inquiries (id, rid, name, ts, status, department_id)"
                    + " SELECT ? || g, 'room-' || ? || g, 'Arrival', ?::timestamptz - g * interval '1 second', 'queued', ?"
                    + " FROM generate_series(1, 3) AS g";
            case 2 -> "UPDATE inquiries SET status = 'queued', taken_at = NULL WHERE id = ? AND status = 'taken'";
            case 3 -> "UPDATE inquiries SET department_id = ? WHERE id = ? AND status = 'queued'";
            case 4 -> "UPDATE inquiries SET ts = ts - interval '3 days' WHERE id = ? AND status = 'queued'";
            default -> "UPDATE inquiries SET status = 'taken', taken_at = now()"
                    + " WHERE id IN (SELECT id FROM inquiries WHERE status = 'queued' AND department_id IS NOT DISTINCT FROM ?"
                    + " ORDER BY ts LIMIT 3)";
        };
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            switch (kind) {
                case 0, 1 -> {
                    String prefix = "n" + nextId.getAndAdd(3) + "-";
                    statement.setString(1, prefix);
                    statement.setString(2, prefix);
                    statement.setString(3, randomTime(random).toString());
                    statement.setString(4, department(random));
                }
                case 2, 4 -> statement.setString(1, "i" + random.nextInt(SEEDED));
                case 3 -> {
                    statement.setString(1, department(random));
                    statement.setString(2, "i" + random.nextInt(SEEDED));
                }
                default -> statement.setString(1, department(random));
            }
            statement.executeUpdate();
        }
    }

    /**
     * The oldest-first pages of the list (all, one department) and of an agent's queuedForUser as the repository
     * reads them, each against the same page read without heads, all in one REPEATABLE READ snapshot; the first
     * difference, if any.
     */
    private static Optional<String> comparePages(Jdbi jdbi, IssuedToken agent, Random random) {
        return jdbi.inTransaction(TransactionIsolationLevel.REPEATABLE_READ, handle -> {
            int limit = 1 + random.nextInt(30);
            int offset = random.nextInt(3) * 5;
            for (Optional<String> department : List.of(Optional.<String>empty(), Optional.of("d" + (1 + random.nextInt(3))))) {
                InquiryListRequest request = new InquiryListRequest(department, new Page(offset, OptionalLong.of(limit)),
                        SortSpec.OLDEST_FIRST);
                List<String> page = ids(handle, InquiryRepository.pageStatement(request, CallerCheck.trusted()));
                String where = "inquiry_is_queued(i.status)" + department.map(id -> " AND i.department_id = '" + id + "'").orElse("");
                List<String> expected = expected(handle, where, limit, offset);
                if (!page.equals(expected)) {
                    return Optional.of("list " + department + ": " + page + " instead of " + expected);
                }
            }
            InquiryListRequest request = new InquiryListRequest(Optional.empty(), new Page(offset, OptionalLong.of(limit)),
                    QueueOrder.DEFAULT.sort());
            List<String> page = ids(handle, InquiryRepository.queuedStatement(
                    new Credentials(agent.userId(), agent.authToken()), Permission.VIEW_L_ROOM, TestSettings.TOKEN_LIFETIME, request));
            List<String> expected = expected(handle, QueueVisibility.queuedFor("i", "'" + agent.userId() + "'"), limit, offset);
            return page.equals(expected) ? Optional.<String>empty()
                    : Optional.of("queuedForUser: " + page + " instead of " + expected);
        });
    }

    private static List<String> ids(Handle handle, SqlStatement statement) {
        return statement.query(handle).map((row, context) -> Optional.ofNullable(row.getString("id"))).list().stream()
                .flatMap(Optional::stream).toList();
    }

    private static List<String> expected(Handle handle, String where, int limit, int offset) {
        return handle.createQuery("SELECT i.id FROM inquiries i WHERE " + where
                        + " ORDER BY " + SortColumns.orderBy(SortSpec.OLDEST_FIRST, "i.") + " LIMIT " + limit + " OFFSET " + offset)
                .mapTo(String.class).list();
    }

    private static List<String> oldestWithoutHeads(Handle handle, Optional<String> department, int limit) {
        return expected(handle, "inquiry_is_queued(i.status)"
                + department.map(id -> " AND i.department_id = '" + id + "'").orElse(""), limit, 0);
    }

    private static IssuedToken agentOf(Database database, String... departments) {
        LoginTokenRepository tokens = new LoginTokenRepository(database, TestSettings.TOKEN_LIFETIME);
        new UserRepository(database).add("agent", null, List.of(Roles.LIVECHAT_AGENT));
        AgentRepository agents = new AgentRepository(database);
        for (String department : departments) {
            agents.add("agent", department);
        }
        return tokens.create("agent");
    }

    // --- helpers ---------------------------------------------------------------------------------------------------

    private static String department(Random random) {
        return DEPARTMENTS.get(random.nextInt(DEPARTMENTS.size()));
    }

    /** Within ten days before NOW, to the millisecond. */
    private static Instant randomTime(Random random) {
        return NOW.minusMillis(random.nextLong(Duration.ofDays(10).toMillis()));
    }

    private static void pause(Random random) {
        try {
            Thread.sleep(random.nextInt(3));
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static void insert(Handle handle, String id, String department, String ts, String status) {
        handle.createUpdate("""
                        INSERT INTO inquiries (id, rid, name, ts, status, department_id)
                        VALUES (:id, 'room-' || :id, 'Visitor', CAST(:ts AS timestamptz), :status, :department)""")
                .bind("id", id).bind("ts", ts).bind("status", status).bind("department", department).execute();
    }

    private static String head(Jdbi jdbi, String departmentKey) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT CASE WHEN isfinite(head) THEN to_char(head AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') || '+00'
                                    ELSE head::text END
                          FROM queue_heads WHERE department_key = :key""")
                .bind("key", departmentKey).mapTo(String.class).findOne().orElse(null));
    }

    private static Map<String, Object> advance(Jdbi jdbi) {
        return jdbi.withHandle(handle -> handle.createQuery(ADVANCE).mapToMap().one());
    }

    /** The ids of the oldest queued inquiries as the connection's transaction sees them, read from the heads. */
    private static List<String> oldestIds(Connection connection, int limit) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT id FROM inquiries WHERE status = 'queued' AND "
                     + QueueHeads.ofAll() + " ORDER BY ts, id COLLATE \"C\" LIMIT " + limit)) {
            while (rows.next()) {
                ids.add(rows.getString(1));
            }
        }
        return ids;
    }
}
