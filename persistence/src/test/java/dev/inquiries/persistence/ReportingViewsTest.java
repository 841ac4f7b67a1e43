package dev.inquiries.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import dev.inquiries.persistence.testing.ReadmeSql;
import dev.inquiries.persistence.testing.TestDatabase;
import dev.inquiries.persistence.testing.TestDatabases;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The reporting views and the README's queries on arranged rows. Rows are queued minutes before now() in the
 * transaction that reads them, so every wait is exact.
 */
class ReportingViewsTest {

    private static TestDatabase testDatabase;
    private static Jdbi jdbi;
    private static String analysts;

    @BeforeAll
    static void createDatabase() {
        testDatabase = TestDatabases.create();
        jdbi = testDatabase.jdbi();
        analysts = "queue_analysts_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    }

    @AfterAll
    static void dropDatabase() {
        testDatabase.close();
        TestDatabases.dropRole(analysts);
    }

    @Test
    void sumsTheQueuePerDepartmentWithOneRowForInquiriesWithoutOne() {
        List<String> rows = inArrangedQueue(handle -> handle.createQuery("""
                        SELECT department_id, department_name, queued, (now() - oldest_waiting_since)::text,
                               longest_wait::text, median_wait::text
                          FROM queue_by_department
                         ORDER BY department_id NULLS LAST""")
                .map((row, context) -> joined(row.getMetaData().getColumnCount(), row::getString))
                .list());

        assertThat(rows).containsExactly(
                "d-idle|Idle|0|null|null|null",
                "d-sales|Sales|3|00:40:00|00:40:00|00:30:00",
                "d-support|Support|2|01:30:00|01:30:00|01:15:00",
                "null|null|1|00:05:00|00:05:00|00:05:00");
    }

    @Test
    void showsEveryQueuedInquiryWithItsWait() {
        List<String> rows = inArrangedQueue(handle -> handle.createQuery("""
                        SELECT inquiry_id, room_id, visitor_name, department_id, department_name,
                               (now() - waiting_since)::text, wait::text
                          FROM inquiry_waits
                         ORDER BY wait DESC""")
                .map((row, context) -> joined(row.getMetaData().getColumnCount(), row::getString))
                .list());

        assertThat(rows).containsExactly(
                "u1|room-u1|Ulla|d-support|Support|01:30:00|01:30:00",
                "u2|room-u2|Uwe|d-support|Support|01:00:00|01:00:00",
                "s1|room-s1|Sam|d-sales|Sales|00:40:00|00:40:00",
                "s2|room-s2|Sara|d-sales|Sales|00:30:00|00:30:00",
                "s3|room-s3|Sid|d-sales|Sales|00:10:00|00:10:00",
                "n1|room-n1|Nia|null|null|00:05:00|00:05:00");
    }

    @Test
    void answersTheReadmesThreeQuestions() {
        List<String> queries = Arrays.stream(ReadmeSql.block("reporting-sql").split(";"))
                .map(String::strip)
                .filter(statement -> !statement.isEmpty())
                .toList();
        assertThat(queries).hasSize(3);

        List<List<String>> answers = inArrangedQueue(handle -> queries.stream()
                .map(query -> handle.createQuery(query)
                        .map((row, context) -> joined(row.getMetaData().getColumnCount(), row::getString))
                        .list())
                .toList());

        assertThat(answers.get(0)).containsExactly(
                "Support|2|01:30:00|01:15:00",
                "Sales|3|00:40:00|00:30:00",
                "(no department)|1|00:05:00|00:05:00");
        assertThat(answers.get(1)).containsExactly(
                "u1|Ulla|Support|01:30:00",
                "u2|Uwe|Support|01:00:00",
                "s1|Sam|Sales|00:40:00",
                "s2|Sara|Sales|00:30:00");
        assertThat(answers.get(2).stream().mapToLong(row -> Long.parseLong(row.substring(row.lastIndexOf('|') + 1))).sum())
                .isEqualTo(9);
        assertThat(answers.get(2)).allMatch(row -> row.matches(".*\\|(queued|taken|open|verifying)\\|\\d+"));
    }

    @Test
    void letsAnalystsReadTheQueueButNotUsersOrTokens() {
        String schema = testDatabase.schema();
        String grants = ReadmeSql.block("analyst-sql")
                .replace("queue_analysts", analysts)
                .replace("SCHEMA inquiries", "SCHEMA " + schema)
                .replace("inquiries.", schema + ".")
                .replace("TO alice", "TO CURRENT_USER");
        jdbi.useHandle(handle -> handle.execute(grants));

        List<Long> read = inArrangedQueue(handle -> {
            handle.execute("SET LOCAL ROLE " + analysts);
            return List.of(
                    handle.createQuery("SELECT sum(queued) FROM queue_by_department").mapTo(Long.class).one(),
                    handle.createQuery("SELECT count(*) FROM inquiry_waits").mapTo(Long.class).one(),
                    handle.createQuery("SELECT count(*) FROM inquiries").mapTo(Long.class).one());
        });
        assertThat(read).containsExactly(6L, 6L, 9L);
        for (String table : List.of("users", "login_tokens")) {
            assertThatThrownBy(() -> jdbi.useHandle(handle -> {
                handle.execute("SET ROLE " + analysts);
                handle.createQuery("SELECT count(*) FROM " + table).mapTo(Long.class).one();
            })).as(table).hasMessageContaining("permission denied");
        }
    }

    /** Runs the work on the arranged queue in one transaction, and rolls it all back. */
    private static <T> T inArrangedQueue(Function<Handle, T> work) {
        return jdbi.withHandle(handle -> {
            handle.begin();
            try {
                handle.execute("""
                        INSERT INTO departments (id, name) VALUES
                            ('d-sales', 'Sales'), ('d-support', 'Support'), ('d-idle', 'Idle')""");
                queue(handle, "s1", "Sam", 40, "queued", "d-sales");
                queue(handle, "t1", "Tim", 120, "taken", "d-sales");
                queue(handle, "s3", "Sid", 10, "queued", "d-sales");
                queue(handle, "u2", "Uwe", 60, "queued", "d-support");
                queue(handle, "n1", "Nia", 5, "queued", null);
                queue(handle, "o1", "Olga", 200, "open", "d-idle");
                queue(handle, "s2", "Sara", 30, "queued", "d-sales");
                queue(handle, "v1", "Vic", 15, "verifying", null);
                queue(handle, "u1", "Ulla", 90, "queued", "d-support");
                return work.apply(handle);
            } finally {
                handle.rollback();
            }
        });
    }

    private static void queue(Handle handle, String id, String name, int minutesAgo, String status, String department) {
        handle.createUpdate("""
                        INSERT INTO inquiries (id, rid, name, ts, status, department_id)
                        VALUES (:id, 'room-' || :id, :name, now() - make_interval(mins => :minutes), :status, :department)""")
                .bind("id", id)
                .bind("name", name)
                .bind("minutes", minutesAgo)
                .bind("status", status)
                .bind("department", department)
                .execute();
    }

    private static String joined(int columns, SqlColumn column) {
        return IntStream.rangeClosed(1, columns)
                .mapToObj(index -> {
                    try {
                        return String.valueOf(column.get(index));
                    } catch (SQLException failure) {
                        throw new IllegalStateException(failure);
                    }
                })
                .collect(Collectors.joining("|"));
    }

    @FunctionalInterface
    private interface SqlColumn {
        String get(int index) throws SQLException;
    }
}
