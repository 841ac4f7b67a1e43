package dev.inquiries.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.util.List;

import dev.inquiries.persistence.testing.TestDatabase;
import dev.inquiries.persistence.testing.TestDatabases;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The life of a chat in the schema (V32): every writer's steps land in chat_events, by whom when the writing
 * transaction names itself; a closed chat stays closed and in no queue; chat_reports and chats_by_department_hour
 * read the timeline.
 */
class ChatTimelineTest {

    private static TestDatabase testDatabase;
    private static Jdbi jdbi;

    @BeforeAll
    static void arrange() {
        testDatabase = TestDatabases.create();
        jdbi = testDatabase.jdbi();
        jdbi.useHandle(handle -> {
            handle.execute("INSERT INTO departments (id, name) VALUES ('d-sales', 'Sales'), ('d-support', 'Support')");
            handle.execute("INSERT INTO users (id, username) VALUES ('u-ann', 'ann'), ('u-ben', 'ben')");
        });
    }

    @AfterAll
    static void drop() {
        testDatabase.close();
    }

    /** Runs the statements in one transaction that names {@code actor} as the one who acts. */
    private static void as(String actor, String... statements) {
        jdbi.useTransaction(handle -> {
            handle.createQuery("SELECT set_config('inquiries.actor', :actor, true)").bind("actor", actor)
                    .mapTo(String.class).one();
            for (String statement : statements) {
                handle.execute(statement);
            }
        });
    }

    private static List<String> steps(String inquiry) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT concat_ws('|', kind, status, from_status, department_id, from_department_id, agent_id,
                                         from_agent_id, actor_id, closer, comment)
                          FROM chat_events WHERE inquiry_id = :id ORDER BY id""")
                .bind("id", inquiry).mapTo(String.class).list());
    }

    @Test
    void recordsEveryStepOfAChatWithWhoMadeIt() {
        as("v-1", "INSERT INTO inquiries (id, rid, name, ts, status, department_id) "
                + "VALUES ('life', 'room-life', 'Ada', now(), 'queued', 'd-sales')");
        as("u-ann", "SELECT * FROM assign_inquiry('life', 'u-ann')");
        as("u-ann", "UPDATE inquiries SET status = 'queued', taken_by = NULL, taken_at = NULL WHERE id = 'life'");
        as("u-ben", "SELECT * FROM assign_inquiry('life', 'u-ben')");
        as("u-ben", "UPDATE inquiries SET taken_by = 'u-ann', taken_at = now() WHERE id = 'life'");
        as("u-ann", "UPDATE inquiries SET department_id = 'd-support', status = 'queued', taken_by = NULL WHERE id = 'life'");
        as("u-ann", "UPDATE inquiries SET name = 'Ada L.' WHERE id = 'life'");
        as("v-1", "UPDATE inquiries SET status = 'closed', closed_at = now(), closer = 'visitor', closed_by = 'v-1',"
                + " close_comment = 'Closed by visitor' WHERE id = 'life'");

        assertThat(steps("life")).containsExactly(
                "arrived|queued|d-sales|v-1",
                "taken|taken|queued|d-sales|d-sales|u-ann|u-ann",
                "returned|queued|taken|d-sales|d-sales|u-ann|u-ann",
                "taken|taken|queued|d-sales|d-sales|u-ben|u-ben",
                "forwarded|taken|taken|d-sales|d-sales|u-ann|u-ben|u-ben",
                "forwarded|queued|taken|d-support|d-sales|u-ann|u-ann",
                "closed|closed|queued|d-support|d-support|v-1|visitor|Closed by visitor");
    }

    @Test
    void aClosedChatStaysClosedAndInNoQueue() {
        jdbi.useHandle(handle -> handle.execute("""
                INSERT INTO inquiries (id, rid, name, ts, status, closed_at, closer)
                VALUES ('ended', 'room-ended', 'Bo', now(), 'closed', now(), 'system')"""));

        for (String reopen : List.of("UPDATE inquiries SET status = 'queued', closed_at = NULL, closer = NULL WHERE id = 'ended'",
                "UPDATE inquiries SET status = 'taken', taken_by = 'u-ann', closed_at = NULL, closer = NULL WHERE id = 'ended'",
                "UPDATE inquiries SET closed_at = NULL WHERE id = 'ended'")) {
            assertThatThrownBy(() -> jdbi.useHandle(handle -> handle.execute(reopen))).as(reopen)
                    .rootCause().extracting(cause -> ((SQLException) cause).getSQLState()).isEqualTo("23514");
        }
        long queued = jdbi.withHandle(handle -> handle.createQuery(
                "SELECT count(*) FROM inquiries WHERE id = 'ended' AND inquiry_is_queued(status)").mapTo(Long.class).one());
        assertThat(queued).isZero();
    }

    @Test
    void aVisitorHasOneOpenChatAtATime() {
        jdbi.useHandle(handle -> {
            handle.execute("INSERT INTO visitors (id, token, username) VALUES ('v-one', 'token-one', 'guest-1')");
            handle.execute("INSERT INTO inquiries (id, rid, name, ts, status, visitor_id) "
                    + "VALUES ('first', 'room-first', 'One', now(), 'queued', 'v-one')");
        });

        assertThatThrownBy(() -> jdbi.useHandle(handle -> handle.execute(
                "INSERT INTO inquiries (id, rid, name, ts, status, visitor_id) "
                        + "VALUES ('second', 'room-second', 'One', now(), 'queued', 'v-one')")))
                .rootCause().extracting(cause -> ((SQLException) cause).getSQLState()).isEqualTo("23505");
        jdbi.useHandle(handle -> {
            handle.execute("UPDATE inquiries SET status = 'closed', closed_at = now(), closer = 'visitor' WHERE id = 'first'");
            handle.execute("INSERT INTO inquiries (id, rid, name, ts, status, visitor_id) "
                    + "VALUES ('second', 'room-second', 'One', now(), 'queued', 'v-one')");
        });
    }

    @Test
    void reportsWaitsHandlingReturnsForwardsAndAbandonedChats() {
        jdbi.useHandle(handle -> {
            handle.execute("INSERT INTO inquiries (id, rid, name, ts, status, department_id) VALUES "
                    + "('r-served', 'room-r-served', 'S', now(), 'queued', 'd-support'), "
                    + "('r-gaveup', 'room-r-gaveup', 'G', now(), 'queued', 'd-support')");
            // Steps at known times: the timeline's rows are moved back as a report would find them later.
            handle.execute("SELECT * FROM assign_inquiry('r-served', 'u-ben')");
            handle.execute("UPDATE inquiries SET status = 'closed', closed_at = now(), closer = 'user', closed_by = 'u-ben'"
                    + " WHERE id = 'r-served'");
            handle.execute("UPDATE inquiries SET status = 'closed', closed_at = now(), closer = 'visitor'"
                    + " WHERE id = 'r-gaveup'");
            handle.execute("""
                    UPDATE chat_events e SET at = timestamptz '2026-11-30T10:00:00Z' + m.minutes * interval '1 minute'
                      FROM (VALUES ('r-served', 'arrived', 0), ('r-served', 'taken', 3), ('r-served', 'closed', 13),
                                   ('r-gaveup', 'arrived', 5), ('r-gaveup', 'closed', 9)) AS m (inquiry, kind, minutes)
                     WHERE e.inquiry_id = m.inquiry AND e.kind = m.kind""");
            handle.execute("UPDATE inquiries SET closed_at = timestamptz '2026-11-30T10:13:00Z' WHERE id = 'r-served'");
        });

        List<String> chats = jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT concat_ws('|', inquiry_id, department_name, wait_until_first_take, handling_time, returns,
                                         forwards, abandoned)
                          FROM chat_reports WHERE inquiry_id LIKE 'r-%' ORDER BY inquiry_id""")
                .mapTo(String.class).list());
        List<String> hours = jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT concat_ws('|', department_name, hour, arrivals, answered, abandoned, wait_p50, wait_max)
                          FROM chats_by_department_hour WHERE hour = timestamp '2026-11-30 10:00'""")
                .mapTo(String.class).list());

        assertThat(chats).containsExactly("r-gaveup|Support|0|0|t", "r-served|Support|00:03:00|00:10:00|0|0|f");
        assertThat(hours).containsExactly("Support|2026-11-30 10:00:00|2|1|1|00:03:00|00:03:00");
    }
}
