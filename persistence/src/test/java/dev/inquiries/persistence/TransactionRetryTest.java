package dev.inquiries.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import dev.inquiries.persistence.testing.TestDatabase;
import dev.inquiries.persistence.testing.TestDatabases;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A transaction PostgreSQL aborts for a serialization failure (40001) or a deadlock (40P01) runs again, whole, and
 * then succeeds; the conflicts are real ones PostgreSQL detects, not simulated. Runs are bounded, and other
 * failures are not run again.
 */
class TransactionRetryTest {

    private static final long WAIT_SECONDS = 20;

    private static TestDatabase testDatabase;
    private static Database database;
    private static Jdbi jdbi;

    @BeforeAll
    static void open() {
        testDatabase = TestDatabases.create();
        database = testDatabase.open();
        jdbi = testDatabase.jdbi();
        jdbi.useHandle(handle -> handle.execute("CREATE TABLE counters (id integer PRIMARY KEY, value integer NOT NULL)"));
    }

    @AfterAll
    static void close() {
        database.close();
        testDatabase.close();
    }

    @BeforeEach
    void resetCounters() {
        jdbi.useHandle(handle -> {
            handle.execute("DELETE FROM counters");
            handle.execute("INSERT INTO counters (id, value) VALUES (1, 0), (2, 0)");
        });
    }

    @Test
    void runsATransactionAgainAfterASerializationFailureAndItSucceeds() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        CountDownLatch snapshotTaken = new CountDownLatch(1);
        CountDownLatch concurrentUpdateCommitted = new CountDownLatch(1);
        try (ExecutorService executor = Executors.newSingleThreadExecutor()) {
            Future<Integer> repeatableRead = executor.submit(() -> database.inTransaction(handle -> {
                int attempt = attempts.incrementAndGet();
                handle.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
                int seen = value(handle, 1);
                if (attempt == 1) {
                    snapshotTaken.countDown();
                    await(concurrentUpdateCommitted);
                }
                // The first attempt's snapshot predates the committed update: PostgreSQL refuses with 40001.
                handle.execute("UPDATE counters SET value = ? WHERE id = 1", seen + 10);
                return attempt;
            }));
            await(snapshotTaken);
            jdbi.useHandle(handle -> handle.execute("UPDATE counters SET value = value + 1 WHERE id = 1"));
            concurrentUpdateCommitted.countDown();

            assertThat(repeatableRead.get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(2);
        }
        assertThat(attempts).hasValue(2);
        assertThat(stored(1)).isEqualTo(11);
    }

    @Test
    void runsTheVictimOfADeadlockAgainAndBothTransactionsComplete() throws Exception {
        CyclicBarrier bothHoldTheirFirstRow = new CyclicBarrier(2);
        AtomicInteger attempts = new AtomicInteger();
        try (ExecutorService executor = Executors.newFixedThreadPool(2)) {
            List<Future<Integer>> transactions = List.of(
                    executor.submit(() -> incrementBoth(1, 2, bothHoldTheirFirstRow, attempts)),
                    executor.submit(() -> incrementBoth(2, 1, bothHoldTheirFirstRow, attempts)));

            // Each completes, one of them on its second attempt.
            assertThat(transactions.get(0).get(WAIT_SECONDS, TimeUnit.SECONDS)
                    + transactions.get(1).get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(3);
        }
        assertThat(attempts).hasValue(3);
        assertThat(stored(1)).isEqualTo(2);
        assertThat(stored(2)).isEqualTo(2);
    }

    @Test
    void givesUpAfterTheBoundedNumberOfAttemptsWithTheConflict() {
        AtomicInteger attempts = new AtomicInteger();

        assertThatThrownBy(() -> database.inTransaction(handle -> {
            attempts.incrementAndGet();
            handle.execute("UPDATE counters SET value = value + 1 WHERE id = 1");
            handle.execute("DO $$ BEGIN RAISE EXCEPTION 'always in conflict' USING ERRCODE = 'serialization_failure'; END $$");
            return null;
        })).isInstanceOf(DatabaseUnavailableException.class).hasMessageContaining("40001");

        assertThat(attempts).hasValue(Database.TRANSACTION_ATTEMPTS);
        assertThat(stored(1)).isZero();
    }

    @Test
    void doesNotRunATransactionAgainForAnyOtherFailure() {
        AtomicInteger attempts = new AtomicInteger();

        assertThatThrownBy(() -> database.inTransaction(handle -> {
            attempts.incrementAndGet();
            handle.execute("INSERT INTO counters (id, value) VALUES (1, 0)");
            return null;
        })).satisfies(failure -> assertThat(sqlState(failure)).isEqualTo("23505"));

        assertThat(attempts).hasValue(1);
    }

    /**
     * Adds one to both rows, locking them in the order given, and answers its attempt; the first attempt waits
     * until the other transaction holds its first row too, so that the two deadlock.
     */
    private static int incrementBoth(int first, int second, CyclicBarrier bothHoldTheirFirstRow, AtomicInteger attempts) {
        AtomicInteger mine = new AtomicInteger();
        return database.inTransaction(handle -> {
            int attempt = mine.incrementAndGet();
            attempts.incrementAndGet();
            handle.execute("UPDATE counters SET value = value + 1 WHERE id = ?", first);
            if (attempt == 1) {
                try {
                    bothHoldTheirFirstRow.await(WAIT_SECONDS, TimeUnit.SECONDS);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(interrupted);
                } catch (BrokenBarrierException | TimeoutException failure) {
                    throw new IllegalStateException(failure);
                }
            }
            handle.execute("UPDATE counters SET value = value + 1 WHERE id = ?", second);
            return attempt;
        });
    }

    private static String sqlState(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql) {
                return sql.getSQLState();
            }
        }
        return null;
    }

    private static int stored(int id) {
        return jdbi.withHandle(handle -> value(handle, id));
    }

    private static int value(Handle handle, int id) {
        return handle.createQuery("SELECT value FROM counters WHERE id = :id").bind("id", id).mapTo(Integer.class).one();
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(interrupted);
        }
    }
}
