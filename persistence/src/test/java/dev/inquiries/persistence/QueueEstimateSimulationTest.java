package dev.inquiries.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.PriorityQueue;
import java.util.Random;

import dev.inquiries.domain.RoutingMethod;
import dev.inquiries.persistence.testing.TestDatabase;
import dev.inquiries.persistence.testing.TestDatabases;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * How far V39's estimate of a visitor's wait is from the wait that then happens, on a simulated desk over real
 * PostgreSQL (BENCHMARKS.md, "Queue position estimates"): visitors arrive at random (Poisson) into one department whose
 * four agents serve two chats each under Load_Balancing, each chat handled for a random (exponential) time. Time is
 * simulated: every step is a real transaction (the intake's INSERT, an agent's close, V36's routing in their triggers),
 * and its timeline rows are then given the simulated time, so the estimate learns handling times as it would have in
 * real time. For each chat that had to wait, the estimate at its arrival ({@code queue_positions}) is compared with its
 * actual wait until V36 routed it to an agent. Seeded: the same numbers every run.
 */
@Timeout(600)
class QueueEstimateSimulationTest {

    private static final long SEED = 19;
    private static final int CHATS = Integer.getInteger("simulation.chats", 400);
    private static final int AGENTS = 4;
    private static final int CAPACITY = 2;
    private static final double MEAN_HANDLING_SECONDS = 240;
    /** Arrivals at 90 % of what the desk can serve: queues form and drain. */
    private static final double LOAD = 0.9;
    private static final Instant START = Instant.parse("2026-12-01T08:00:00Z");

    private TestDatabase testDatabase;
    private Jdbi jdbi;
    private Database database;

    @BeforeEach
    void arrangeDesk() {
        testDatabase = TestDatabases.create();
        jdbi = testDatabase.jdbi();
        database = testDatabase.open();
        jdbi.useHandle(handle -> {
            handle.execute("INSERT INTO departments (id, name) VALUES ('d1', 'Sales')");
            for (int agent = 1; agent <= AGENTS; agent++) {
                handle.execute("INSERT INTO users (id, username) VALUES (?, ?)", "a" + agent, "agent" + agent);
                handle.execute("INSERT INTO user_roles (user_id, role_id) VALUES (?, 'livechat-agent')", "a" + agent);
                handle.execute("INSERT INTO department_agents (id, department_id, user_id) VALUES (?, 'd1', ?)",
                        "m" + agent, "a" + agent);
            }
        });
        new RoutingRepository(database).set(Optional.of(RoutingMethod.LOAD_BALANCING), OptionalInt.of(CAPACITY));
    }

    @AfterEach
    void drop() {
        database.close();
        testDatabase.close();
    }

    @Test
    void estimatesAtArrivalAreCloseToTheWaitsThatFollow() {
        Random random = new Random(SEED);
        double arrivalRate = LOAD * AGENTS * CAPACITY / MEAN_HANDLING_SECONDS;
        PriorityQueue<Step> steps = new PriorityQueue<>(Comparator.comparingDouble(Step::at).thenComparing(Step::chat));
        double clock = 0;
        for (int chat = 0; chat < CHATS; chat++) {
            clock += -Math.log(1 - random.nextDouble()) / arrivalRate;
            steps.add(new Step(clock, String.format(Locale.ROOT, "c%05d", chat), true,
                    -Math.log(1 - random.nextDouble()) * MEAN_HANDLING_SECONDS));
        }
        Map<String, Double> arrivedAt = new HashMap<>();
        Map<String, Double> handling = new HashMap<>();
        Map<String, Long> estimates = new HashMap<>();
        List<Long> errors = new ArrayList<>();
        List<Double> waits = new ArrayList<>();
        int queued = 0;
        // One session for every step, as a service's pooled connection would be: a new connection per step spent
        // most of the run starting a backend and compiling the triggers' functions again.
        try (Handle session = jdbi.open()) {
            while (!steps.isEmpty()) {
                Step step = steps.poll();
                List<String> taken;
                if (step.arrival()) {
                    arrivedAt.put(step.chat(), step.at());
                    handling.put(step.chat(), step.handling());
                    Arrival arrival = session.inTransaction(handle -> arrive(handle, step));
                    taken = arrival.taken();
                    if (arrival.estimate().isPresent()) {
                        queued++;
                        estimates.put(step.chat(), arrival.estimate().get());
                    }
                } else {
                    taken = session.inTransaction(handle -> close(handle, step));
                }
                for (String chat : taken) {
                    double wait = step.at() - arrivedAt.get(chat);
                    Long estimate = estimates.remove(chat);
                    if (estimate != null) {
                        errors.add(Math.round(Math.abs(estimate - wait)));
                        waits.add(wait);
                    }
                    steps.add(new Step(step.at() + handling.get(chat), chat, false, 0));
                }
            }
        }
        errors.sort(Long::compare);
        waits.sort(Double::compare);
        String summary = String.format(Locale.ROOT, "simulated %d chats (%d agents x %d, load %.2f, mean handling %.0f s):"
                        + " %d waited with an estimate; actual wait p50 %.0f s, p90 %.0f s; |estimate - actual| p50 %.0f s,"
                        + " p90 %.0f s", CHATS, AGENTS, CAPACITY, LOAD, MEAN_HANDLING_SECONDS, errors.size(),
                percentile(waits, 50), percentile(waits, 90), percentile(errors, 50), percentile(errors, 90));
        System.out.println(summary);

        assertThat(queued).as("chats that had to wait").isGreaterThan(CHATS / 10);
        assertThat(errors).as("every waiting chat with an estimate was served").hasSizeGreaterThan(queued * 9 / 10);
        // Half its errors within one mean handling time: far better than no estimate at all on this desk.
        assertThat(percentile(errors, 50)).as(summary).isLessThan(MEAN_HANDLING_SECONDS);
    }

    /** A visitor's chat comes in (routed at once when an agent has room), and what it is told if it must wait. */
    private Arrival arrive(Handle handle, Step step) {
        handle.createUpdate("INSERT INTO inquiries (id, rid, name, ts, status, department_id, queued_at) "
                        + "VALUES (:id, :id, 'V', :ts, 'queued', 'd1', :ts)")
                .bind("id", step.chat())
                .bind("ts", START.plusMillis(Math.round(step.at() * 1000)))
                .execute();
        List<String> taken = takenNow(handle);
        retime(handle, step.at());
        Optional<Long> estimate = handle.createQuery(
                        "SELECT estimated_wait_seconds FROM queue_positions(ARRAY['d1']) WHERE rid = :rid")
                .bind("rid", step.chat())
                .mapTo(Long.class)
                .findOne();
        return new Arrival(taken, estimate);
    }

    /** An agent closes a chat; V36 gives the freed slot to the oldest waiting chat in the same transaction. */
    private List<String> close(Handle handle, Step step) {
        handle.createUpdate("UPDATE inquiries SET status = 'closed', closed_at = now(), closer = 'user' WHERE id = :id")
                .bind("id", step.chat())
                .execute();
        List<String> taken = takenNow(handle);
        retime(handle, step.at());
        return taken;
    }

    /** The chats routing gave an agent in this transaction. */
    private static List<String> takenNow(Handle handle) {
        return handle.createQuery("SELECT inquiry_id FROM chat_events WHERE kind = 'taken' AND at = now() ORDER BY id")
                .mapTo(String.class)
                .list();
    }

    /** This transaction's timeline rows happened at the simulated time. */
    private static void retime(Handle handle, double at) {
        handle.createUpdate("UPDATE chat_events SET at = :at WHERE at = now()")
                .bind("at", START.plusMillis(Math.round(at * 1000)))
                .execute();
    }

    /** The nearest-rank percentile of sorted values; NaN for none. */
    private static double percentile(List<? extends Number> sorted, int percent) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(percent / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, index)).doubleValue();
    }

    /** An arrival (with its handling time drawn) or a close, at a simulated second. */
    private record Step(double at, String chat, boolean arrival, double handling) {
    }

    private record Arrival(List<String> taken, Optional<Long> estimate) {
    }
}
