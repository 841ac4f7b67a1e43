package dev.inquiries.persistence.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

import dev.inquiries.persistence.Database;
import dev.inquiries.persistence.queue.QueueHealthRepository.DepartmentQueue;
import dev.inquiries.persistence.queue.QueueHealthRepository.QueueHealth;
import dev.inquiries.persistence.queue.QueueHealthRepository.TableRows;
import dev.inquiries.persistence.testing.TestDatabase;
import dev.inquiries.persistence.testing.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the operator's gauges read: each queue's length and oldest wait, the oldest snapshot, the dead rows. */
class QueueHealthRepositoryTest {

    private TestDatabase testDatabase;
    private Database database;
    private MovableClock clock;
    private QueueHealthRepository repository;

    @BeforeEach
    void open() {
        testDatabase = TestDatabases.create();
        database = testDatabase.open();
        clock = new MovableClock(Instant.parse("2026-12-02T12:00:00Z"));
        repository = new QueueHealthRepository(database, clock);
    }

    @AfterEach
    void close() {
        database.close();
        testDatabase.close();
    }

    @Test
    void readsEachQueuesLengthAndOldestWait() {
        testDatabase.jdbi().useHandle(handle -> {
            handle.execute("INSERT INTO departments (id, name) VALUES ('dep-a', 'Alpha'), ('dep-b', 'Beta')");
            handle.execute("INSERT INTO inquiries (id, rid, name, ts, status, department_id) VALUES"
                    + " ('a1', 'r1', 'Ada', now() - interval '10 minutes', 'queued', 'dep-a'),"
                    + " ('a2', 'r2', 'Bo', now() - interval '5 minutes', 'queued', 'dep-a'),"
                    + " ('b1', 'r3', 'Cy', now() - interval '1 hour', 'taken', 'dep-b'),"
                    + " ('n1', 'r4', 'Di', now() - interval '2 minutes', 'queued', NULL)");
        });

        QueueHealth health = repository.read();

        assertThat(health.departments()).extracting(DepartmentQueue::departmentId, DepartmentQueue::queued)
                .contains(tuple("dep-a", 2L), tuple("", 1L));
        assertThat(department(health, "dep-a").oldestWait()).hasValueSatisfying(wait ->
                assertThat(wait).isBetween(Duration.ofMinutes(10), Duration.ofMinutes(11)));
        assertThat(department(health, "").oldestWait()).hasValueSatisfying(wait ->
                assertThat(wait).isBetween(Duration.ofMinutes(2), Duration.ofMinutes(3)));
        assertThat(health.departments()).noneMatch(queue -> queue.departmentId().equals("dep-b") && queue.queued() > 0);
        assertThat(health.tables()).extracting(TableRows::table)
                .containsExactlyInAnyOrderElementsOf(QueueHealthRepository.QUEUE_TABLES);
        assertThat(health.tables()).allSatisfy(table -> assertThat(table.deadShare()).isBetween(0.0, 1.0));
    }

    @Test
    void agesTheOldestSnapshotFromItsStartOrFromWhenItWasFirstSeen() throws Exception {
        assertThat(repository.read().oldest().age()).isEqualTo(Duration.ZERO);

        // A report of another role: PostgreSQL shows its snapshot but not its start, so it ages from its first sighting.
        String analyst = "health_analyst_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        testDatabase.jdbi().useHandle(handle -> handle.execute("CREATE ROLE " + analyst + " LOGIN PASSWORD 'report'"));
        try (Connection report = DriverManager.getConnection(testDatabase.urlAs(analyst, "report"))) {
            holdSnapshot(report);
            // Just begun: zero when its start is hidden (first sighting), its real age when the test's role may see it.
            assertThat(repository.read().oldest().age()).isLessThan(Duration.ofSeconds(5));
            clock.advance(Duration.ofMinutes(7));
            assertThat(repository.read().oldest().age()).isEqualTo(Duration.ofMinutes(7));
            assertThat(repository.read().oldest().transactions()).isGreaterThanOrEqualTo(0);

            // A report of the service's own role: its start is visible, and older than its first sighting here.
            try (Connection own = DriverManager.getConnection(testDatabase.url())) {
                holdSnapshot(own);
                clock.advance(Duration.ofMinutes(1));
                assertThat(repository.read().oldest().age()).isEqualTo(Duration.ofMinutes(8));
                report.rollback();
                // The service's own report was begun seconds ago: seen once, one minute ago by this clock.
                assertThat(repository.read().oldest().age()).isLessThanOrEqualTo(Duration.ofMinutes(1));
                own.rollback();
            }
            assertThat(repository.read().oldest().age()).isEqualTo(Duration.ZERO);
        } finally {
            TestDatabases.dropRole(analyst);
        }
    }

    /** Begins a REPEATABLE READ transaction whose snapshot is taken at once (its first statement). */
    private static void holdSnapshot(Connection connection) throws Exception {
        connection.setAutoCommit(false);
        connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        try (Statement statement = connection.createStatement()) {
            statement.execute("SELECT count(*) FROM pg_class");
        }
    }

    private static DepartmentQueue department(QueueHealth health, String id) {
        return health.departments().stream().filter(queue -> queue.departmentId().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no queue of department '" + id + "' in " + health.departments()));
    }

    /** A clock the test moves. */
    private static final class MovableClock extends Clock {

        private Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
