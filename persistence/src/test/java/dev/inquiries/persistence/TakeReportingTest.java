package dev.inquiries.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.inquiries.persistence.testing.ReadmeSql;
import dev.inquiries.persistence.testing.TestDatabase;
import dev.inquiries.persistence.testing.TestDatabases;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The reporting views of takes (V24): how long chats waited before someone took them, per department and
 * UTC day and per agent, on arranged rows with known waits; and the README's queries over them.
 */
class TakeReportingTest {

    private static TestDatabase testDatabase;
    private static Jdbi jdbi;

    @BeforeAll
    static void arrange() {
        testDatabase = TestDatabases.create();
        jdbi = testDatabase.jdbi();
        jdbi.useHandle(handle -> {
            handle.execute("INSERT INTO departments (id, name) VALUES ('d-sales', 'Sales'), ('d-support', 'Support')");
            handle.execute("INSERT INTO users (id, username) VALUES ('u-ann', 'ann'), ('u-ben', 'ben')");
            // Waits: Sales on 30 Nov 2, 4 and 12 minutes; Sales on 1 Dec 10; Support on 30 Nov 6; none 1.
            take(handle, "a", "d-sales", "2026-11-30T09:00:00Z", null, 2, "u-ann");
            take(handle, "b", "d-sales", "2026-11-30T10:00:00Z", null, 4, "u-ann");
            take(handle, "c", "d-sales", "2026-11-30T23:50:00Z", null, 12, "u-ben");
            take(handle, "d", "d-support", "2026-11-30T11:00:00Z", "2026-11-30T11:30:00Z", 6, "u-ben");
            take(handle, "e", null, "2026-11-30T12:00:00Z", null, 1, "u-ann");
            // Never taken: in no report.
            handle.execute("INSERT INTO inquiries (id, rid, name, ts, status, department_id) "
                    + "VALUES ('q', 'room-q', 'Queued', now(), 'queued', 'd-sales')");
        });
    }

    /**
     * An inquiry queued at {@code ts} (or entered the queue at {@code queuedAt}, where given) and taken
     * {@code minutes} after it entered the queue. Inquiry c was queued at 23:50 on 30 Nov, taken on 1 Dec.
     */
    private static void take(Handle handle, String id, String department, String ts, String queuedAt, int minutes,
                             String agent) {
        handle.createUpdate("""
                        INSERT INTO inquiries (id, rid, name, ts, status, department_id, queued_at, taken_by, taken_at)
                        VALUES (:id, 'room-' || :id, 'Visitor ' || :id, CAST(:ts AS timestamptz), 'taken', :department,
                                CAST(:queuedAt AS timestamptz), :agent,
                                coalesce(CAST(:queuedAt AS timestamptz), CAST(:ts AS timestamptz))
                                    + make_interval(mins => :minutes))""")
                .bind("id", id).bind("department", department).bind("ts", ts).bind("queuedAt", queuedAt)
                .bind("minutes", minutes).bind("agent", agent)
                .execute();
    }

    @AfterAll
    static void drop() {
        testDatabase.close();
    }

    @Test
    void measuresEachTakesWaitFromWhenItEnteredTheQueue() {
        List<String> rows = jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT inquiry_id, coalesce(department_name, '-'), agent_username, wait::text
                          FROM inquiry_takes ORDER BY inquiry_id""")
                .map((row, context) -> row.getString(1) + "|" + row.getString(2) + "|" + row.getString(3) + "|"
                        + row.getString(4))
                .list());

        assertThat(rows).containsExactly("a|Sales|ann|00:02:00", "b|Sales|ann|00:04:00", "c|Sales|ben|00:12:00",
                "d|Support|ben|00:06:00", "e|-|ann|00:01:00");
    }

    @Test
    void sumsWaitsPerDepartmentAndUtcDayOfTheTake() {
        List<String> rows = jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT coalesce(department_name, '-'), day::text, taken, median_wait::text, p90_wait::text,
                               longest_wait::text
                          FROM take_waits_by_department_day ORDER BY day, department_name NULLS LAST""")
                .map((row, context) -> String.join("|", row.getString(1), row.getString(2), row.getString(3),
                        row.getString(4), row.getString(5), row.getString(6)))
                .list());

        assertThat(rows).containsExactly(
                "Sales|2026-11-30|2|00:03:00|00:03:48|00:04:00",
                "Support|2026-11-30|1|00:06:00|00:06:00|00:06:00",
                "-|2026-11-30|1|00:01:00|00:01:00|00:01:00",
                "Sales|2026-12-01|1|00:12:00|00:12:00|00:12:00");
    }

    @Test
    void countsEachAgentsTakesPerDay() {
        List<String> rows = jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT agent_username, day::text, taken FROM takes_by_agent_day ORDER BY agent_username, day""")
                .map((row, context) -> row.getString(1) + "|" + row.getString(2) + "|" + row.getString(3))
                .list());

        assertThat(rows).containsExactly("ann|2026-11-30|3", "ben|2026-11-30|1", "ben|2026-12-01|1");
    }

    @Test
    void answersTheReadmesQuestionsAboutTakes() {
        List<String> queries = Arrays.stream(ReadmeSql.block("takes-sql").split(";"))
                .map(String::strip)
                .filter(query -> !query.isEmpty())
                .toList();
        assertThat(queries).hasSize(2);
        List<List<String>> answers = new ArrayList<>();
        jdbi.useHandle(handle -> {
            for (String query : queries) {
                answers.add(handle.createQuery(query.replace("interval '30 days'", "interval '100 years'"))
                        .map((row, context) -> {
                            List<String> cells = new ArrayList<>();
                            for (int i = 1; i <= row.getMetaData().getColumnCount(); i++) {
                                cells.add(row.getString(i));
                            }
                            return String.join("|", cells);
                        })
                        .list());
            }
        });
        assertThat(answers.get(0)).containsExactly(
                "2026-11-30|(no department)|1|00:01:00|00:01:00",
                "2026-11-30|Sales|2|00:03:00|00:03:48",
                "2026-11-30|Support|1|00:06:00|00:06:00",
                "2026-12-01|Sales|1|00:12:00|00:12:00");
        assertThat(answers.get(1)).containsExactly("ann|3|00:02:00", "ben|2|00:09:00");
    }
}
