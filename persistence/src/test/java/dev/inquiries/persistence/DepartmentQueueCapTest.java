package dev.inquiries.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.inquiries.persistence.testing.QueueRows;
import dev.inquiries.persistence.testing.TestDatabase;
import dev.inquiries.persistence.testing.TestDatabases;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * V35's {@code department_queue_has_room(department, cap)}: the queued inquiries the triggers count for one
 * department (summed over slots and routed agents) against a cap, as the intake's {@code INSERT ... WHERE} asks it.
 */
class DepartmentQueueCapTest {

    private TestDatabase testDatabase;
    private Jdbi jdbi;
    private QueueRows rows;

    @BeforeEach
    void createDatabase() {
        testDatabase = TestDatabases.create();
        jdbi = testDatabase.jdbi();
        rows = new QueueRows(jdbi).department("d1", "Sales").department("d2", "Support");
        jdbi.useHandle(handle -> handle.execute(
                "INSERT INTO users (id, username, name) VALUES ('a1', 'agent1', 'Agent One')"));
    }

    @AfterEach
    void dropDatabase() {
        testDatabase.close();
    }

    @Test
    void countsOnlyTheDepartmentsQueuedInquiriesAgainstTheCap() {
        // Each row is written by a connection of its own, so the counts land in several slots.
        rows.queued("q1", "Ann", "2026-12-02T10:00:00Z", "d1")
                .queued("q2", "Bob", "2026-12-02T10:01:00Z", "d1")
                .inquiry("t1", "Cid", "2026-12-02T10:02:00Z", "taken", "d1")
                .queued("o1", "Dan", "2026-12-02T10:03:00Z", "d2")
                .queued("o2", "Eve", "2026-12-02T10:04:00Z", "d2")
                .queued("o3", "Fay", "2026-12-02T10:05:00Z", "d2");
        jdbi.useHandle(handle -> handle.execute("UPDATE inquiries SET default_agent_id = 'a1' WHERE id = 'q2'"));

        assertThat(hasRoom("d1", 3)).isTrue();
        assertThat(hasRoom("d1", 2)).as("two queued, one of them routed to an agent").isFalse();
        assertThat(hasRoom("d2", 4)).isTrue();
        assertThat(hasRoom("d2", 3)).isFalse();

        jdbi.useHandle(handle -> handle.execute("UPDATE inquiries SET status = 'taken' WHERE id = 'q1'"));
        assertThat(hasRoom("d1", 2)).as("a taken inquiry frees its place").isTrue();
    }

    @Test
    void aCapOfZeroOrLessIsNoneAndAnUncountedDepartmentIsEmpty() {
        rows.queued("q1", "Ann", "2026-12-02T10:00:00Z", "d1");

        assertThat(hasRoom("d1", 1)).isFalse();
        assertThat(hasRoom("d1", 0)).isTrue();
        assertThat(hasRoom("d1", -1)).isTrue();
        assertThat(hasRoom("never-queued", 1)).isTrue();
    }

    @Test
    void inquiriesWithoutADepartmentAreTheEmptyKey() {
        rows.queued("q1", "Ann", "2026-12-02T10:00:00Z", null);

        assertThat(hasRoom("", 1)).isFalse();
        assertThat(hasRoom("", 2)).isTrue();
        assertThat(hasRoom("d1", 1)).isTrue();
    }

    @Test
    void anInsertGuardedByItStopsAtTheCap() {
        for (int i = 0; i < 5; i++) {
            String id = "g" + i;
            int inserted = jdbi.withHandle(handle -> handle.createUpdate("""
                            INSERT INTO inquiries (id, rid, name, ts, status, department_id)
                            SELECT :id, 'room-' || :id, 'Guest', now(), 'queued', 'd1'
                             WHERE department_queue_has_room('d1', 3)""")
                    .bind("id", id).execute());
            assertThat(inserted).as("insert %d", i).isEqualTo(i < 3 ? 1 : 0);
        }
        long queued = jdbi.withHandle(handle -> handle.createQuery(
                "SELECT count(*) FROM inquiries WHERE department_id = 'd1' AND status = 'queued'")
                .mapTo(Long.class).one());
        assertThat(queued).isEqualTo(3);
    }

    private boolean hasRoom(String department, long cap) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT department_queue_has_room(:department, :cap)")
                .bind("department", department).bind("cap", cap).mapTo(Boolean.class).one());
    }
}
