package dev.inquiries.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import dev.inquiries.persistence.demo.DemoSize;
import dev.inquiries.persistence.testing.Await;
import dev.inquiries.persistence.testing.TestDatabase;
import dev.inquiries.persistence.testing.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code serve --demo}'s simulated visitors ({@code DEMO_VISITORS_EVERY}), in a process of its own on a test database:
 * chats arrive through the visitor intake with their visitors as the actors, some visitors give up waiting and close
 * their chats themselves, a visitor refused while nobody is on duty does not stop the ones after, and SIGTERM stops
 * them with the server, with nothing logged as a failure. Plain
 * {@code serve} starts none, whatever the setting says.
 */
@Timeout(120)
class SimulatedVisitorsTest {

    private static final String EVERY = "PT0.2S";
    private static final Pattern ARRIVING = Pattern.compile("(Simulated visitors arrive every \\S+)");
    private static final Duration WAIT = Duration.ofSeconds(45);
    /** Chats that simulated visitors started. */
    private static final String ARRIVALS = "SELECT count(*) FROM chat_events AS e JOIN visitors AS v ON v.id = e.actor_id "
            + "WHERE e.kind = 'arrived'";
    /** Visitors whose chat was refused: no chat at all. */
    private static final String REFUSED = "SELECT count(*) FROM visitors AS v "
            + "WHERE NOT EXISTS (SELECT 1 FROM inquiries AS i WHERE i.visitor_id = v.id)";

    private TestDatabase testDatabase;

    @BeforeEach
    void arrange() {
        testDatabase = TestDatabases.create();
    }

    @AfterEach
    void drop() {
        testDatabase.close();
    }

    @Test
    void visitorsArriveSomeGiveUpAndTheyStopWithTheServer() throws Exception {
        try (ServeProcess process = ServeProcess.start(testDatabase, Map.of("DEMO_VISITORS_EVERY", EVERY), "serve", "--demo")) {
            Process serve = process.process();
            List<String> output = process.output();
            process.awaitPort();
            assertThat(process.awaitLine(ARRIVING)).isEqualTo("Simulated visitors arrive every 200ms");

            Await.until(WAIT, () -> count(ARRIVALS) >= 10 && count("""
                    SELECT count(*) FROM chat_events AS e JOIN visitors AS v ON v.id = e.actor_id
                     WHERE e.kind = 'closed' AND e.closer = 'visitor'""") >= 1,
                    () -> "ten simulated arrivals and a visitor who gave up:\n" + String.join("\n", output));
            assertThat(count("SELECT count(*) FROM inquiries WHERE status = 'queued'"))
                    .as("the demo's queue and the simulated chats still waiting").isGreaterThan(DemoSize.SMALL.queued());
            assertThat(count("""
                    SELECT count(*) FROM inquiries AS i
                     WHERE i.closer = 'visitor'
                       AND EXISTS (SELECT 1 FROM chat_events AS e
                                    WHERE e.inquiry_id = i.id AND e.kind = 'closed' AND e.from_status <> 'queued')"""))
                    .as("a simulated visitor gives up only on a chat nobody took").isZero();

            serve.destroy(); // SIGTERM
            assertThat(serve.waitFor(30, TimeUnit.SECONDS)).as(String.join("\n", output)).isTrue();
            Instant exited = Instant.now();
            assertThat(serve.exitValue()).as(String.join("\n", output)).isZero();
            long events = count("SELECT count(*) FROM chat_events");
            OffsetDateTime last = testDatabase.jdbi().withHandle(handle -> handle.createQuery(
                    "SELECT max(at) FROM chat_events").mapTo(OffsetDateTime.class).one());
            assertThat(last.toInstant()).as("the last step of a simulated chat").isBefore(exited);
            assertThat(count("SELECT count(*) FROM chat_events")).as("steps after the process ended").isEqualTo(events);
            assertThat(output).as("the log of serve --demo with simulated visitors, stopped")
                    .noneMatch(line -> line.contains("SEVERE") || line.contains("WARNING") || line.contains("Exception"));
        }
    }

    @Test
    void visitorsRefusedWhileNobodyIsOnDutyDoNotStopTheOnesAfter() throws Exception {
        try (ServeProcess process = ServeProcess.start(testDatabase, Map.of("DEMO_VISITORS_EVERY", EVERY), "serve", "--demo")) {
            Process serve = process.process();
            List<String> output = process.output();
            process.awaitPort();
            Await.until(WAIT, () -> count(ARRIVALS) >= 1, () -> "a simulated arrival:\n" + String.join("\n", output));

            setDemoAgents("not-available");
            Await.until(WAIT, () -> count(REFUSED) >= 3,
                    () -> "three simulated visitors refused (no-agent-online):\n" + String.join("\n", output));
            setDemoAgents("available");
            long before = count(ARRIVALS);
            Await.until(WAIT, () -> count(ARRIVALS) >= before + 3,
                    () -> "simulated chats arriving again once agents are back:\n" + String.join("\n", output));

            serve.destroy(); // SIGTERM
            assertThat(serve.waitFor(30, TimeUnit.SECONDS)).as(String.join("\n", output)).isTrue();
            assertThat(serve.exitValue()).as(String.join("\n", output)).isZero();
            assertThat(output).as("the log of refused simulated visitors")
                    .noneMatch(line -> line.contains("SEVERE") || line.contains("WARNING") || line.contains("Exception"));
        }
    }

    @Test
    void plainServeStartsNoVisitorsWhateverTheSetting() throws Exception {
        try (ServeProcess process = ServeProcess.start(testDatabase, Map.of("DEMO_VISITORS_EVERY", EVERY), "serve")) {
            process.awaitPort();
            // Ten periods of the setting: a visitor would have arrived in each.
            long quietUntil = System.nanoTime() + Duration.ofSeconds(2).toNanos();
            Await.until(WAIT, () -> {
                assertThat(count("SELECT count(*) FROM visitors")).as("visitors made by plain serve").isZero();
                return System.nanoTime() - quietUntil > 0;
            }, "two quiet seconds");
            assertThat(process.output()).noneMatch(line -> line.contains("Simulated visitors"));
        }
    }

    private void setDemoAgents(String status) {
        testDatabase.jdbi().useHandle(handle -> handle.createUpdate(
                        "UPDATE users SET status_livechat = :status WHERE username IN ('alice', 'bob')")
                .bind("status", status)
                .execute());
    }

    private long count(String sql) {
        return testDatabase.jdbi().withHandle(handle -> handle.createQuery(sql).mapTo(Long.class).one());
    }
}
