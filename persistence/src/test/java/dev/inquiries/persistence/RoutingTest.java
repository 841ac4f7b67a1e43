package dev.inquiries.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import dev.inquiries.domain.QueueOrder;
import dev.inquiries.domain.RoutingMethod;
import dev.inquiries.persistence.testing.TestDatabase;
import dev.inquiries.persistence.testing.TestDatabases;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * V36: routing and capacity, kept by PostgreSQL for every writer. Plain SQL plays the writers (as psql, an import or
 * any instance of the service would), and the rows are checked behind them: chats go to the agent the method chooses,
 * in queue order, the moment one can serve them; nobody serves beyond capacity; and under a race of two pools doing
 * everything at once, no snapshot ever shows an agent over capacity and no chat is left waiting for a free agent.
 */
class RoutingTest {

    private TestDatabase testDatabase;
    private Jdbi jdbi;
    private Database database;
    private RoutingRepository routing;

    @BeforeEach
    void arrangeDesk() {
        testDatabase = TestDatabases.create();
        jdbi = testDatabase.jdbi();
        database = testDatabase.open();
        routing = new RoutingRepository(database);
        jdbi.useHandle(handle -> {
            handle.execute("INSERT INTO departments (id, name) VALUES ('d1', 'Sales'), ('d2', 'Support')");
            for (String agent : List.of("ana", "bob", "cy", "dee")) {
                handle.execute("INSERT INTO users (id, username) VALUES (?, ?)", agent, agent);
                handle.execute("INSERT INTO user_roles (user_id, role_id) VALUES (?, 'livechat-agent')", agent);
            }
            handle.execute("INSERT INTO department_agents (id, department_id, user_id) VALUES "
                    + "('m1', 'd1', 'ana'), ('m2', 'd1', 'bob'), ('m3', 'd2', 'cy')");
        });
    }

    @AfterEach
    void drop() {
        database.close();
        testDatabase.close();
    }

    @Test
    void manualSelectionLeavesChatsInTheQueue() {
        assertThat(routing.settings())
                .isEqualTo(new RoutingRepository.RoutingSettings(RoutingMethod.MANUAL_SELECTION, 0, 0, QueueOrder.TIMESTAMP));

        arrive("c1", "d1", 1);

        assertThat(servedBy("c1")).isEmpty();
    }

    @Test
    void loadBalancingGivesEachChatInQueueOrderToTheLeastLoadedAgentWithinCapacity() {
        routing.set(Optional.of(RoutingMethod.LOAD_BALANCING), OptionalInt.of(2));

        for (int i = 1; i <= 6; i++) {
            arrive("c" + i, "d1", i);
        }

        // ana and bob take turns (fewest open chats, then routed longest ago), two each; the rest wait, oldest first.
        assertThat(servedBy("c1")).contains("ana");
        assertThat(servedBy("c2")).contains("bob");
        assertThat(servedBy("c3")).contains("ana");
        assertThat(servedBy("c4")).contains("bob");
        assertThat(servedBy("c5")).isEmpty();
        assertThat(servedBy("c6")).isEmpty();

        // A close frees ana: the oldest waiting chat is hers in the same statement.
        sql("UPDATE inquiries SET status = 'closed', closed_at = now(), closer = 'user' WHERE id = 'c1'");
        assertThat(servedBy("c5")).contains("ana");
        assertThat(servedBy("c6")).isEmpty();

        // A raised limit, an agent set available, an agent added: each serves what waits at once.
        routing.setAgentLimit("bob", 3);
        assertThat(servedBy("c6")).contains("bob");
        arrive("c7", "d1", 7);
        sql("UPDATE users SET status_livechat = 'not-available' WHERE id = 'dee'");
        sql("INSERT INTO department_agents (id, department_id, user_id) VALUES ('m4', 'd1', 'dee')");
        assertThat(servedBy("c7")).isEmpty();
        sql("UPDATE users SET status_livechat = 'available' WHERE id = 'dee'");
        assertThat(servedBy("c7")).contains("dee");
        assertThat(text("SELECT string_agg(username || '=' || open_chats || '/' || capacity, ',' ORDER BY username) "
                + "FROM agent_loads")).isEqualTo("ana=2/2,bob=3/3,cy=0/2,dee=1/2");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Load_Rotation", "Auto_Selection", "Load_Balancing"})
    void everyMethodTakesTurnsOnADeskWithoutAnyLimit(String method) {
        // No limit anywhere: no agent is ever held, and the turns must still be counted (V51; V40 lost them).
        routing.set(Optional.of(RoutingMethod.fromWireName(method).orElseThrow()), OptionalInt.empty());

        for (int i = 1; i <= 4; i++) {
            arrive("c" + i, "d1", i);
            if (method.equals("Load_Balancing")) {
                // Each chat closed at once: the open counts tie, and the last routing decides.
                sql("UPDATE inquiries SET status = 'closed', closed_at = now(), closer = 'user' WHERE id = 'c" + i + "'");
            }
        }

        assertThat(text("SELECT string_agg(taken_by, ',' ORDER BY id) FROM inquiries")).isEqualTo("ana,bob,ana,bob");
        assertThat(text("SELECT string_agg(user_id || '=' || chats_routed, ',' ORDER BY user_id) FROM agent_routing"))
                .isEqualTo("ana=2,bob=2");
    }

    @Test
    void oneStatementOfManyChatsIsRoutedChatByChatInQueueOrderWithinCapacity() {
        routing.set(Optional.of(RoutingMethod.LOAD_BALANCING), OptionalInt.of(2));
        routing.setAgentLimit("bob", 1);
        sql("INSERT INTO inquiries (id, rid, name, ts, status, department_id, queued_at, default_agent_id) VALUES "
                + "('c1', 'c1', 'V', now() - interval '9 minutes', 'queued', 'd1', now(), NULL), "
                + "('c2', 'c2', 'V', now() - interval '8 minutes', 'queued', 'd1', now(), 'bob'), "
                + "('c3', 'c3', 'V', now() - interval '7 minutes', 'queued', 'd1', now(), NULL), "
                + "('c4', 'c4', 'V', now() - interval '6 minutes', 'queued', 'd1', now(), NULL), "
                + "('c5', 'c5', 'V', now() - interval '5 minutes', 'queued', 'd1', now(), 'bob'), "
                + "('c6', 'c6', 'V', now() - interval '4 minutes', 'queued', 'd1', now(), NULL)");

        // c1 to ana (bob's turn comes with c2, routed to him); bob is then full, so c3 and c4 are ana's ... but ana
        // holds two at most: c4 waits, and so does everything after it, c5 (bob's) passed over.
        assertThat(text("SELECT string_agg(id || '=' || coalesce(taken_by, '-'), ',' ORDER BY id) FROM inquiries"))
                .isEqualTo("c1=ana,c2=bob,c3=ana,c4=-,c5=-,c6=-");
        assertThat(text("SELECT count(*)::text FROM chat_events WHERE kind = 'taken' AND actor_id IS NULL"))
                .isEqualTo("3");

        // Room for one more (bob's limit raised): the oldest waiting chat goes, c4 to bob.
        routing.setAgentLimit("bob", 2);
        assertThat(servedBy("c4")).contains("bob");
        assertThat(servedBy("c5")).isEmpty();
    }

    @Test
    void routingAChatLeavesTheVersionOfWhoSeesWhichDepartmentAlone() {
        routing.set(Optional.of(RoutingMethod.LOAD_BALANCING), OptionalInt.empty());
        String before = text("SELECT version::text FROM department_version");

        arrive("c1", "d1", 1);
        sql("INSERT INTO inquiries (id, rid, name, ts, status, queued_at) VALUES ('c2', 'c2', 'V', now(), 'queued', now())");

        assertThat(servedBy("c1")).isPresent();
        assertThat(servedBy("c2")).isPresent();
        assertThat(text("SELECT sum(chats_routed)::text FROM department_agents")).isEqualTo("1");
        // Every list's ETag includes this version: a routed chat must not make them all stale.
        assertThat(text("SELECT version::text FROM department_version")).isEqualTo(before);
        // A membership that moves still does.
        sql("UPDATE department_agents SET department_id = 'd2' WHERE id = 'm2'");
        assertThat(text("SELECT version::text FROM department_version")).isNotEqualTo(before);
    }

    @Test
    void aDepartmentLimitBoundsTheAgentsChatsOfThatDepartment() {
        routing.set(Optional.of(RoutingMethod.AUTO_SELECTION), OptionalInt.empty());
        routing.setDepartmentLimit("Support", 1);

        arrive("s1", "d2", 1);
        arrive("s2", "d2", 2);

        assertThat(servedBy("s1")).contains("cy");
        assertThat(servedBy("s2")).isEmpty();
        routing.setDepartmentLimit("d2", 2);
        assertThat(servedBy("s2")).contains("cy");
    }

    @Test
    void returnedAndForwardedChatsAreRoutedAgainAndTheTimelineNamesNoActorForRouting() {
        routing.set(Optional.of(RoutingMethod.LOAD_ROTATION), OptionalInt.of(1));
        arrive("r1", "d1", 1);
        assertThat(servedBy("r1")).contains("ana");

        // Returned: bob was routed longest ago (never), so it is his now.
        sql("UPDATE inquiries SET status = 'queued', taken_by = NULL, taken_at = NULL, queued_at = now() WHERE id = 'r1'");
        assertThat(servedBy("r1")).contains("bob");

        // Forwarded to Support: cy serves it there.
        sql("UPDATE inquiries SET status = 'queued', taken_by = NULL, taken_at = NULL, department_id = 'd2' WHERE id = 'r1'");
        assertThat(servedBy("r1")).contains("cy");
        assertThat(text("SELECT string_agg(kind || ':' || coalesce(agent_id, '-') || ':' || coalesce(actor_id, '-'), ' ' "
                + "ORDER BY id) FROM chat_events WHERE inquiry_id = 'r1'"))
                .isEqualTo("arrived:-:- taken:ana:- returned:-:- taken:bob:- forwarded:-:- taken:cy:-");
    }

    @Test
    void routesEachQueueInTheDesksOrderPriorityOrDueTime() {
        sql("UPDATE users SET status_livechat = 'not-available'");
        routing.set(Optional.of(RoutingMethod.LOAD_BALANCING), OptionalInt.of(1), OptionalInt.empty(),
                Optional.of(QueueOrder.PRIORITY));
        arrive("old", "d1", 1);
        arrive("urgent", "d1", 50);
        sql("UPDATE inquiries SET priority_id = 'priority-highest', priority_weight = 1 WHERE id = 'urgent'");
        sql("INSERT INTO slas (id, name, due_time_minutes) VALUES ('sla-5', 'Gold', 5)");
        arrive("due", "d1", 60);
        sql("UPDATE inquiries SET sla_id = 'sla-5', estimated_waiting_time_queue = 5 WHERE id = 'due'");

        sql("UPDATE users SET status_livechat = 'available' WHERE id = 'ana'");
        assertThat(servedBy("urgent")).contains("ana");
        routing.set(Optional.empty(), OptionalInt.empty(), OptionalInt.empty(), Optional.of(QueueOrder.SLAS));
        sql("UPDATE users SET status_livechat = 'available' WHERE id = 'bob'");
        assertThat(servedBy("due")).contains("bob");
        assertThat(servedBy("old")).isEmpty();
    }

    @Test
    void aChatRoutedToOneAgentWaitsForItWhileOthersAreServed() {
        routing.set(Optional.of(RoutingMethod.LOAD_BALANCING), OptionalInt.of(1));
        sql("UPDATE users SET status_livechat = 'not-available' WHERE id = 'bob'");
        sql("INSERT INTO inquiries (id, rid, name, ts, status, department_id, queued_at, default_agent_id) "
                + "VALUES ('for-bob', 'for-bob', 'V', now() - interval '1 hour', 'queued', 'd1', now(), 'bob')");
        arrive("any", "d1", 2);

        assertThat(servedBy("for-bob")).isEmpty();
        assertThat(servedBy("any")).contains("ana");
        sql("UPDATE users SET status_livechat = 'available' WHERE id = 'bob'");
        assertThat(servedBy("for-bob")).contains("bob");
    }

    @Test
    void arrivalsAreGivenOutBeforeTheirInsertInTheDesksOrderWithinCapacityAndNotPastAnyoneWaiting() {
        // V52: the agents that chats about to be inserted go to, chosen as routing would the moment after.
        routing.set(Optional.of(RoutingMethod.LOAD_BALANCING), OptionalInt.of(1), OptionalInt.empty(),
                Optional.of(QueueOrder.PRIORITY));
        sql("UPDATE users SET status_livechat = 'not-available' WHERE id = 'bob'");

        // In priority order: for-bob waits for bob (off duty) and is passed over, urgent goes to ana, who is then
        // full: mid and low have nobody.
        assertThat(arrivals("ARRAY['low', 'urgent', 'mid', 'for-bob']", "ARRAY['d1', 'd1', 'd1', 'd1']",
                "ARRAY[NULL, NULL, NULL, 'bob']", "ARRAY[99, 1, 50, 1]")).isEqualTo("urgent=ana");
        assertThat(text("SELECT chats_routed || ':' || (held_at IS NOT NULL) FROM agent_routing WHERE user_id = 'ana'"))
                .as("counted, and ana (limited) held").isEqualTo("1:true");
        // d2 has nobody waiting and cy has room; in d1 a chat waits (for bob): its arrivals wait behind it.
        sql("INSERT INTO inquiries (id, rid, name, ts, status, department_id, queued_at, default_agent_id) "
                + "VALUES ('waits', 'waits', 'V', now(), 'queued', 'd1', now(), 'bob')");
        assertThat(arrivals("ARRAY['x', 'y']", "ARRAY['d1', 'd2']", "ARRAY[NULL, NULL]::text[]", "ARRAY[99, 99]"))
                .isEqualTo("y=cy");
        // A visitor whose chat is open already (committed by another intake before this one held the queue) gets
        // none: the INSERT of its second chat would conflict, so nothing is chosen or counted for it.
        sql("INSERT INTO visitors (id, token, username) VALUES ('v1', 'token-1', 'guest-1')");
        sql("INSERT INTO inquiries (id, rid, name, ts, status, department_id, queued_at, visitor_id) "
                + "VALUES ('open', 'open', 'V', now(), 'queued', 'd1', now(), 'v1')");
        String again = "SELECT coalesce(string_agg(inquiry_id || '=' || agent_id, ','), 'none') FROM route_arrivals("
                + "ARRAY['again'], ARRAY['d2'], ARRAY[%s]::text[], ARRAY[NULL]::text[], ARRAY[99], ARRAY[9999999])";
        assertThat(text(again.formatted("'v1'"))).isEqualTo("none");
        assertThat(text(again.formatted("NULL"))).isEqualTo("again=cy");
        routing.set(Optional.of(RoutingMethod.MANUAL_SELECTION), OptionalInt.empty());
        assertThat(arrivals("ARRAY['z']", "ARRAY['d2']", "ARRAY[NULL]::text[]", "ARRAY[99]")).isNull();
    }

    /** route_arrivals' choice for arrivals without SLA, as "chat=agent,...", NULL for none. */
    private String arrivals(String ids, String queues, String defaults, String weights) {
        return text("SELECT string_agg(inquiry_id || '=' || agent_id, ',' ORDER BY inquiry_id) FROM route_arrivals("
                + ids + ", " + queues + ", array_fill(NULL::text, ARRAY[cardinality(" + ids + ")]), " + defaults + ", "
                + weights + ", array_fill(9999999, ARRAY[cardinality("
                + ids + ")]))");
    }

    @Test
    void anyWriterThatWouldExceedCapacityIsRefusedWithItsOwnSqlState() {
        routing.set(Optional.empty(), OptionalInt.of(1));
        arrive("t1", "d1", 1);
        arrive("t2", "d1", 2);
        sql("UPDATE inquiries SET status = 'taken', taken_by = 'ana', taken_at = now() WHERE id = 't1'");

        assertThatThrownBy(() -> sql("UPDATE inquiries SET status = 'taken', taken_by = 'ana', taken_at = now() "
                + "WHERE id = 't2'"))
                .satisfies(failure -> assertThat(Database.exceedsCapacity((RuntimeException) failure)).isTrue());
        assertThatThrownBy(() -> sql("INSERT INTO inquiries (id, rid, name, ts, status, taken_by, taken_at) "
                + "VALUES ('t3', 't3', 'V', now(), 'taken', 'ana', now())"))
                .satisfies(failure -> assertThat(Database.exceedsCapacity((RuntimeException) failure)).isTrue());
        assertThat(servedBy("t2")).isEmpty();
        assertThat(text("SELECT count(*) FROM inquiries WHERE taken_by = 'ana'")).isEqualTo("1");
    }

    /**
     * Each kind of limit alone is enforced on a desk that routes by hand: the capacity check skips only a desk with no
     * limit of any kind (V41), so an agent's own limit or a department's must still refuse.
     */
    @ParameterizedTest
    @ValueSource(strings = {"UPDATE users SET livechat_max_chats = 1 WHERE id = 'ana'",
            "UPDATE departments SET max_chats = 1 WHERE id = 'd1'"})
    void anAgentsOrADepartmentsLimitAloneIsEnforced(String limit) {
        sql(limit);
        arrive("t1", "d1", 1);
        arrive("t2", "d1", 2);
        sql("UPDATE inquiries SET status = 'taken', taken_by = 'ana', taken_at = now() WHERE id = 't1'");

        assertThatThrownBy(() -> sql("UPDATE inquiries SET status = 'taken', taken_by = 'ana', taken_at = now() "
                + "WHERE id = 't2'"))
                .satisfies(failure -> assertThat(Database.exceedsCapacity((RuntimeException) failure)).isTrue());
        sql("UPDATE inquiries SET status = 'taken', taken_by = 'bob', taken_at = now() WHERE id = 't2'");
        assertThat(servedBy("t2")).contains("bob");
    }

    /**
     * Two pools (as two instances) and psql-like writers race intakes, closes, returns, takes, forwards, status
     * toggles and raised limits; a sampler checks every 10 ms that no snapshot shows an agent over capacity (limits
     * only rise here, so any such snapshot is a violation). Afterwards: no chat waits while an available agent could
     * serve it, and every refusal was the capacity rule's (a deadlock between two routings is run again, as the service
 * does, and may not recur four times).
     */
    @Test
    void aRaceOfEveryWriterNeverExceedsCapacityAndLeavesNoChatWaitingForAFreeAgent() throws Exception {
        jdbi.useHandle(handle -> {
            for (int i = 0; i < 6; i++) {
                handle.execute("INSERT INTO users (id, username, livechat_max_chats) VALUES (?, ?, ?)",
                        "r" + i, "racer" + i, i % 3);
                handle.execute("INSERT INTO user_roles (user_id, role_id) VALUES (?, 'livechat-agent')", "r" + i);
                handle.execute("INSERT INTO department_agents (id, department_id, user_id) VALUES (?, ?, ?)",
                        "rm" + i, i < 4 ? "d1" : "d2", "r" + i);
            }
            handle.execute("UPDATE departments SET max_chats = 1 WHERE id = 'd2'");
        });
        routing.set(Optional.of(RoutingMethod.LOAD_BALANCING), OptionalInt.of(2));
        List<Jdbi> instances = List.of(testDatabase.jdbi(), testDatabase.jdbi());
        Map<String, AtomicInteger> refusals = new ConcurrentHashMap<>();
        AtomicLong arrivals = new AtomicLong();
        AtomicBoolean racing = new AtomicBoolean(true);
        List<String> violations = new ArrayList<>();
        long deadline = System.nanoTime() + 8_000_000_000L;
        try (ExecutorService pool = Executors.newFixedThreadPool(17)) {
            Future<?> sampler = pool.submit(() -> {
                while (racing.get()) {
                    String over = text("SELECT coalesce(string_agg(username, ','), '') FROM agent_loads "
                            + "WHERE capacity IS NOT NULL AND open_chats > capacity");
                    String overDepartment = text("SELECT count(*) FROM (SELECT taken_by, department_id, count(*) AS c "
                            + "FROM inquiries WHERE status = 'taken' GROUP BY 1, 2) AS x JOIN departments AS d "
                            + "ON d.id = x.department_id WHERE d.max_chats > 0 AND x.c > d.max_chats");
                    if (!over.isEmpty() || !"0".equals(overDepartment)) {
                        synchronized (violations) {
                            violations.add(over + " / " + overDepartment);
                        }
                    }
                    Thread.sleep(10);
                }
                return null;
            });
            List<Future<?>> racers = new ArrayList<>();
            for (int r = 0; r < 16; r++) {
                Jdbi instance = instances.get(r % 2);
                racers.add(pool.submit(() -> {
                    while (System.nanoTime() < deadline) {
                        race(instance, arrivals, refusals);
                    }
                    return null;
                }));
            }
            for (Future<?> racer : racers) {
                racer.get();
            }
            racing.set(false);
            sampler.get();
        }

        assertThat(violations).isEmpty();
        assertThat(refusals.keySet()).isSubsetOf("IQ001");
        assertThat(text("SELECT count(*) FROM inquiries i WHERE i.status = 'queued' AND i.default_agent_id IS NULL "
                + "AND EXISTS (SELECT 1 FROM agents_on_duty AS a WHERE (i.department_id IS NULL OR EXISTS ("
                + "SELECT 1 FROM enabled_department_agents AS m WHERE m.user_id = a.user_id "
                + "AND m.department_id = i.department_id)) AND agent_within_capacity(a.user_id, i.department_id, 1))"))
                .as("chats waiting while an available agent could serve them").isEqualTo("0");
        assertThat(arrivals.get()).as("arrivals (a correctness test: enough to race, not a speed)").isGreaterThan(30);
        assertThat(Long.parseLong(text("SELECT count(*) FROM chat_events WHERE kind = 'taken'"))).isGreaterThan(15);
    }

    /** One random step of a writer. */
    private static void race(Jdbi instance, AtomicLong arrivals, Map<String, AtomicInteger> refusals) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String agent = "r" + random.nextInt(6);
        String sql = switch (random.nextInt(8)) {
            case 0, 1 -> "INSERT INTO inquiries (id, rid, name, ts, status, department_id, queued_at) VALUES ('x"
                    + arrivals.incrementAndGet() + "', 'x" + arrivals.get() + "', 'V', clock_timestamp(), 'queued', "
                    + (random.nextBoolean() ? "'d1'" : random.nextBoolean() ? "'d2'" : "NULL") + ", now())";
            case 2 -> "UPDATE inquiries SET status = 'closed', closed_at = now(), closer = 'user' WHERE id = ("
                    + "SELECT id FROM inquiries WHERE status = 'taken' ORDER BY random() LIMIT 1) AND status <> 'closed'";
            case 3 -> "UPDATE inquiries SET status = 'queued', taken_by = NULL, taken_at = NULL, queued_at = now() "
                    + "WHERE id = (SELECT id FROM inquiries WHERE status = 'taken' ORDER BY random() LIMIT 1) "
                    + "AND status = 'taken'";
            case 4 -> "SELECT count(*) FROM assign_inquiry((SELECT id FROM inquiries WHERE status = 'queued' "
                    + "ORDER BY random() LIMIT 1), '" + agent + "')";
            case 5 -> "UPDATE inquiries SET taken_by = '" + agent + "', taken_at = now() WHERE id = ("
                    + "SELECT id FROM inquiries WHERE status = 'taken' ORDER BY random() LIMIT 1) AND status = 'taken' "
                    + "AND taken_by <> '" + agent + "'";
            case 6 -> "UPDATE users SET status_livechat = CASE status_livechat WHEN 'available' THEN 'not-available' "
                    + "ELSE 'available' END WHERE id = '" + agent + "'";
            default -> "UPDATE users SET livechat_max_chats = livechat_max_chats + 1 WHERE id = '" + agent
                    + "' AND livechat_max_chats BETWEEN 1 AND 3";
        };
        // As the service does (Database.inTransaction): a statement PostgreSQL aborted for a deadlock runs again. Two
        // routings that hold agents in opposite orders can deadlock; the victim is rolled back whole.
        for (int attempt = 1; attempt <= 4; attempt++) {
            try {
                instance.useHandle(handle -> handle.execute(sql));
                return;
            } catch (RuntimeException failure) {
                String state = "other: " + failure.getMessage();
                for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
                    if (cause instanceof SQLException sqlFailure && sqlFailure.getSQLState() != null) {
                        state = sqlFailure.getSQLState();
                        break;
                    }
                }
                if (!state.equals("40P01") || attempt == 4) {
                    refusals.computeIfAbsent(state, key -> new AtomicInteger()).incrementAndGet();
                    return;
                }
            }
        }
    }

    private void arrive(String id, String department, int minutesOld) {
        sql("INSERT INTO inquiries (id, rid, name, ts, status, department_id, queued_at) VALUES ('" + id + "', '" + id
                + "', 'V', now() - interval '" + (100 - minutesOld) + " minutes', 'queued', '" + department + "', now())");
    }

    private Optional<String> servedBy(String id) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT taken_by FROM inquiries WHERE id = :id AND status = 'taken'")
                .bind("id", id).mapTo(String.class).findOne());
    }

    private void sql(String sql) {
        jdbi.useHandle(handle -> handle.execute(sql));
    }

    private String text(String sql) {
        return jdbi.withHandle(handle -> handle.createQuery(sql).mapTo(String.class).one());
    }
}
