package dev.inquiries.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.inquiries.persistence.testing.ReadmeSql;
import dev.inquiries.persistence.testing.TestDatabase;
import dev.inquiries.persistence.testing.TestDatabases;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The README's questions over the chat reports (V32), run as written on chats with known timelines. */
class ChatReportingTest {

    private static final String NOW = "timestamptz '2026-12-01T05:00:00Z'";

    private static TestDatabase testDatabase;
    private static Jdbi jdbi;

    @BeforeAll
    static void arrange() {
        testDatabase = TestDatabases.create();
        jdbi = testDatabase.jdbi();
        jdbi.useHandle(handle -> {
            handle.execute("INSERT INTO departments (id, name) VALUES ('d-sales', 'Sales'), ('d-support', 'Support')");
            handle.execute("INSERT INTO users (id, username) VALUES ('u-ann', 'ann'), ('u-ben', 'ben')");
            handle.execute("INSERT INTO inquiries (id, rid, name, ts, status, department_id) VALUES "
                    + "('a', 'room-a', 'A', now(), 'queued', 'd-sales'), "
                    + "('b', 'room-b', 'B', now(), 'queued', 'd-sales'), "
                    + "('c', 'room-c', 'C', now(), 'queued', 'd-support')");
            // a: taken by ann after 2 minutes, returned, taken by ben, closed by ben. b: abandoned after 5 minutes.
            // c: taken by ann after 8 minutes, forwarded to Sales, still open.
            handle.execute("SELECT set_config('inquiries.actor', 'u-ann', false)");
            handle.execute("SELECT * FROM assign_inquiry('a', 'u-ann')");
            handle.execute("UPDATE inquiries SET status = 'queued', taken_by = NULL, taken_at = NULL WHERE id = 'a'");
            handle.execute("SELECT set_config('inquiries.actor', 'u-ben', false)");
            handle.execute("SELECT * FROM assign_inquiry('a', 'u-ben')");
            handle.execute("UPDATE inquiries SET status = 'closed', closed_at = now(), closer = 'user', closed_by = 'u-ben',"
                    + " close_comment = 'Solved' WHERE id = 'a'");
            handle.execute("SELECT set_config('inquiries.actor', '', false)");
            handle.execute("UPDATE inquiries SET status = 'closed', closed_at = now(), closer = 'visitor' WHERE id = 'b'");
            handle.execute("SELECT * FROM assign_inquiry('c', 'u-ann')");
            handle.execute("UPDATE inquiries SET department_id = 'd-sales', status = 'queued', taken_by = NULL WHERE id = 'c'");
            handle.execute("""
                    UPDATE chat_events e SET at = timestamptz '2026-11-30T09:00:00Z' + m.minutes * interval '1 minute'
                      FROM (SELECT id, inquiry_id, row_number() OVER (PARTITION BY inquiry_id ORDER BY id) AS step
                              FROM chat_events) AS s
                      JOIN (VALUES ('a', 1, 0), ('a', 2, 2), ('a', 3, 4), ('a', 4, 6), ('a', 5, 20),
                                   ('b', 1, 10), ('b', 2, 15),
                                   ('c', 1, 70), ('c', 2, 78), ('c', 3, 80)) AS m (inquiry, step, minutes)
                        ON m.inquiry = s.inquiry_id AND m.step = s.step
                     WHERE e.id = s.id""");
            handle.execute("UPDATE inquiries SET closed_at = timestamptz '2026-11-30T09:20:00Z' WHERE id = 'a'");
        });
    }

    @AfterAll
    static void drop() {
        testDatabase.close();
    }

    @Test
    void answersTheReadmesQuestionsAboutChats() {
        List<String> queries = Arrays.stream(ReadmeSql.block("chats-sql").split(";"))
                .map(String::strip)
                .filter(query -> !query.isEmpty())
                .toList();
        assertThat(queries).hasSize(3);
        List<List<String>> answers = new ArrayList<>();
        jdbi.useHandle(handle -> {
            for (String query : queries) {
                answers.add(handle.createQuery(query.replace("now()", NOW).replace("the-room-id", "room-a"))
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
                "2026-11-30 09:00:00|Sales|2|1|1|00:02:00|00:02:00|00:02:00",
                "2026-11-30 10:00:00|Sales|1|1|0|00:08:00|00:08:00|00:08:00");
        assertThat(answers.get(1)).containsExactly("room-a|Sales|1|0|00:18:00", "room-c|Sales|0|1|null");
        assertThat(answers.get(2)).containsExactly(
                "2026-11-30 09:00:00+00|arrived|null|d-sales|null|null|null|null|null",
                "2026-11-30 09:02:00+00|taken|d-sales|d-sales|null|u-ann|u-ann|null|null",
                "2026-11-30 09:04:00+00|returned|d-sales|d-sales|u-ann|null|u-ann|null|null",
                "2026-11-30 09:06:00+00|taken|d-sales|d-sales|null|u-ben|u-ben|null|null",
                "2026-11-30 09:20:00+00|closed|d-sales|d-sales|u-ben|u-ben|u-ben|user|Solved");
    }
}
