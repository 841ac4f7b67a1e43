package dev.inquiries.persistence.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.inquiries.persistence.testing.QueueRows;
import dev.inquiries.persistence.testing.TestDatabase;
import dev.inquiries.persistence.testing.TestDatabases;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * V29's {@code assign_inquiry}, the one assignment the take uses (and forwarding and routing will wrap), called
 * as plain SQL: it gives a queued inquiry to the agent, refuses one that is not queued, and of concurrent
 * assignments of one inquiry exactly one wins.
 */
class AssignmentTest {

    private static final int RACERS = 20;

    private static TestDatabase testDatabase;
    private static Jdbi jdbi;

    @BeforeAll
    static void arrangeAgents() {
        testDatabase = TestDatabases.create();
        jdbi = testDatabase.jdbi();
        jdbi.useHandle(handle -> {
            for (int i = 0; i < RACERS; i++) {
                handle.execute("INSERT INTO users (id, username) VALUES (?, ?)", "agent-" + i, "agent" + i);
            }
        });
    }

    @AfterAll
    static void drop() {
        testDatabase.close();
    }

    @Test
    void givesAQueuedInquiryToTheAgentAndLeavesTheQueueCountsRight() {
        new QueueRows(jdbi).queued("a1", "Ada", "2024-01-01T10:00:00.000Z", null);

        Optional<String> assigned = assign("a1", "agent-1");

        assertThat(assigned).contains("agent-1");
        assertThat(text("SELECT status || ' ' || taken_by || ' ' || (taken_at IS NOT NULL) FROM inquiries WHERE id = 'a1'"))
                .isEqualTo("taken agent-1 true");
        assertThat(text("SELECT sum(queued) FROM queue_counts WHERE department_key = '' AND agent_key = ''")).isEqualTo("0");
    }

    @Test
    void refusesAnInquiryThatIsNoLongerQueued() {
        new QueueRows(jdbi).inquiry("a2", "Bo", "2024-01-01T10:00:00.000Z", "taken", null)
                .inquiry("a3", "Cy", "2024-01-01T10:00:00.000Z", "verifying", null);

        assertThat(assign("a2", "agent-2")).isEmpty();
        assertThat(assign("a3", "agent-2")).isEmpty();
        assertThat(assign("no-such-inquiry", "agent-2")).isEmpty();
        assertThat(text("SELECT count(*) FROM inquiries WHERE taken_by = 'agent-2'")).isEqualTo("0");
    }

    @Test
    void givesAnInquiryToExactlyOneOfManyConcurrentAssignments() throws Exception {
        for (int round = 0; round < 5; round++) {
            String inquiry = "race-" + round;
            new QueueRows(jdbi).queued(inquiry, "Dee", "2024-01-01T10:00:00.000Z", null);
            CyclicBarrier start = new CyclicBarrier(RACERS);
            List<Future<Optional<String>>> outcomes = new ArrayList<>();
            try (ExecutorService racers = Executors.newFixedThreadPool(RACERS)) {
                for (int i = 0; i < RACERS; i++) {
                    String agent = "agent-" + i;
                    outcomes.add(racers.submit(() -> {
                        start.await();
                        return assign(inquiry, agent);
                    }));
                }
            }
            List<String> winners = new ArrayList<>();
            for (Future<Optional<String>> outcome : outcomes) {
                outcome.get().ifPresent(winners::add);
            }

            assertThat(winners).as(inquiry).hasSize(1);
            assertThat(text("SELECT taken_by FROM inquiries WHERE id = '" + inquiry + "'")).isEqualTo(winners.getFirst());
        }
    }

    private static String text(String sql) {
        return jdbi.withHandle(handle -> handle.createQuery(sql).mapTo(String.class).one());
    }

    /** The agent the inquiry went to, as the function returns it; empty when it returned no row. */
    private static Optional<String> assign(String inquiry, String agent) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT taken_by FROM assign_inquiry(:inquiry, :agent)")
                .bind("inquiry", inquiry)
                .bind("agent", agent)
                .mapTo(String.class)
                .findOne());
    }
}
