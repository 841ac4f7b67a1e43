package dev.inquiries.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

import dev.inquiries.domain.Inquiry;
import dev.inquiries.domain.InquiryListRequest;
import dev.inquiries.domain.InquiryPage;
import dev.inquiries.domain.Page;
import dev.inquiries.domain.Permission;
import dev.inquiries.domain.Roles;
import dev.inquiries.domain.SortSpec;
import dev.inquiries.persistence.queue.InquiryRepository;
import dev.inquiries.persistence.testing.TestDatabase;
import dev.inquiries.persistence.testing.TestDatabases;
import dev.inquiries.persistence.testing.TestSettings;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The schema the migrations make: its public names, its seeds, and the indexes behind the list. */
class MigrationsTest {

    private static TestDatabase testDatabase;
    private static Jdbi jdbi;

    @BeforeAll
    static void migrate() {
        testDatabase = TestDatabases.create();
        jdbi = testDatabase.jdbi();
    }

    @AfterAll
    static void drop() {
        testDatabase.close();
    }

    @Test
    void appliesToAnEmptyDatabaseAndAgainWithoutChange() {
        try (TestDatabase empty = TestDatabases.createEmpty(); Database database = empty.open()) {
            database.migrate();
            database.migrate();
            long applied = empty.jdbi().withHandle(handle -> handle.createQuery(
                    "SELECT count(*) FROM flyway_schema_history WHERE success AND type = 'SQL'").mapTo(Long.class).one());
            assertThat(applied).isEqualTo(MigrationFiles.all().size());
            var info = Flyway.configure().dataSource(empty.url(), null, null).schemas(empty.schema())
                    .locations(Database.MIGRATIONS_LOCATION).load().info();
            assertThat(info.pending()).isEmpty();
            assertThat(info.applied()).hasSize(info.all().length).allSatisfy(
                    migration -> assertThat(migration.getState().isApplied()).isTrue());
        }
    }

    @Test
    void appliesIntoItsOwnSchemaBesideOtherApplicationsTablesOfTheSameNames() {
        try (TestDatabase existing = TestDatabases.createEmpty()) {
            Jdbi admin = Jdbi.create(existing.serviceUrl());
            admin.useHandle(handle -> {
                handle.execute("CREATE TABLE public.departments (code integer PRIMARY KEY, title text)");
                handle.execute("INSERT INTO public.departments VALUES (1, 'Not ours')");
                handle.execute("CREATE TABLE public.inquiries (id integer PRIMARY KEY, subject text)");
                handle.execute("INSERT INTO public.inquiries VALUES (1, 'Not ours either')");
                handle.execute("CREATE TABLE public.users (login text PRIMARY KEY)");
                handle.execute("CREATE TABLE public.roles (name text PRIMARY KEY, level integer NOT NULL)");
                // Another application's Flyway history, in Flyway's default place.
                handle.execute("CREATE TABLE public.flyway_schema_history (installed_rank integer PRIMARY KEY, version text)");
                handle.execute("INSERT INTO public.flyway_schema_history VALUES (1, '42')");
                handle.execute("CREATE SCHEMA crm");
                handle.execute("CREATE TABLE crm.inquiries (ticket text)");
            });

            try (Database database = Database.connect(existing.settings().inSchema("support_queue"))) {
                database.migrate();
                admin.useHandle(handle -> {
                    handle.execute("INSERT INTO support_queue.departments (id, name) VALUES ('d1', 'Sales')");
                    handle.execute("""
                            INSERT INTO support_queue.inquiries (id, rid, name, ts, status, department_id)
                            VALUES ('q1', 'r1', 'Ada', '2024-01-01T00:00:00Z', 'queued', 'd1')""");
                });
                LoginTokenRepository tokens = new LoginTokenRepository(database, TestSettings.TOKEN_LIFETIME);
                InquiryPage page = new InquiryRepository(database, tokens).list(new InquiryListRequest(
                        Optional.of("Sales"), new Page(0, OptionalLong.of(10)), SortSpec.DEFAULT));
                assertThat(page.inquiries()).extracting(Inquiry::id).containsExactly("q1");
                assertThat(new UserRepository(database).add("maria", null, List.of(Roles.LIVECHAT_MANAGER)).roles())
                        .containsExactly(Roles.LIVECHAT_MANAGER);
            }

            assertThat(tablesIn(admin, "support_queue")).containsExactlyInAnyOrder("departments", "inquiries", "users",
                    "roles", "permissions", "role_permissions", "user_roles", "login_tokens", "login_blocks", "queue_counts",
                    "department_version", "department_agents", "units", "unit_departments", "unit_monitors",
                    "queue_changes", "queue_heads", "visitors", "chat_events", "request_counts", "desk_settings", "agent_routing",
                    "priorities", "slas",
                    "flyway_schema_history");
            assertThat(tablesIn(admin, "public")).containsExactlyInAnyOrder("departments", "inquiries", "users", "roles",
                    "flyway_schema_history");
            assertThat(tablesIn(admin, "crm")).containsExactly("inquiries");
            admin.useHandle(handle -> {
                assertThat(handle.createQuery("SELECT title FROM public.departments").mapTo(String.class).list())
                        .containsExactly("Not ours");
                assertThat(handle.createQuery("SELECT subject FROM public.inquiries").mapTo(String.class).list())
                        .containsExactly("Not ours either");
                assertThat(handle.createQuery("SELECT count(*) FROM public.flyway_schema_history").mapTo(Long.class).one())
                        .isEqualTo(1);
                assertThat(handle.createQuery("SELECT count(*) FROM public.users").mapTo(Long.class).one()).isZero();
                assertThat(handle.createQuery("""
                                SELECT count(*) FROM support_queue.flyway_schema_history WHERE success AND type = 'SQL'""")
                        .mapTo(Long.class).one()).isEqualTo(MigrationFiles.all().size());
                // The row written above, from a session that does not search support_queue, was counted.
                assertThat(handle.createQuery("SELECT sum(queued)::bigint FROM support_queue.queue_counts WHERE department_key = 'd1'")
                        .mapTo(Long.class).one()).isEqualTo(1);
                assertThat(handle.createQuery("SELECT kind FROM support_queue.queue_changes WHERE inquiry_id = 'q1'")
                        .mapTo(String.class).list()).containsExactly("insert");
            });
        }
    }

    @Test
    void everyMigrationSetsALockTimeoutBeforeAnythingElse() {
        List<MigrationFiles.Migration> migrations = MigrationFiles.all();

        assertThat(migrations).extracting(MigrationFiles.Migration::fileName).contains("V1__create_departments_and_inquiries.sql");
        for (MigrationFiles.Migration migration : migrations) {
            String firstStatement = migration.sql().lines()
                    .map(String::strip)
                    .filter(line -> !line.isEmpty() && !line.startsWith("--"))
                    .findFirst()
                    .orElse("");
            assertThat(firstStatement).as(migration.fileName())
                    .matches("SET LOCAL lock_timeout = '[1-9][0-9]*(ms|s)';");
        }
    }

    private static List<String> tablesIn(Jdbi admin, String schema) {
        return admin.withHandle(handle -> handle.createQuery("""
                        SELECT table_name FROM information_schema.tables
                         WHERE table_schema = :schema AND table_type = 'BASE TABLE'""")
                .bind("schema", schema)
                .mapTo(String.class)
                .list());
    }

    /**
     * The few rows every change rewrites keep room for their next version on the page and are vacuumed by autovacuum's
     * next nap once a few dozen versions are dead: at 1,000 (V27, V31, V35) a report's leftovers were never reached and
     * the queue's reads walked them until a manual VACUUM (V50).
     */
    @ParameterizedTest
    @CsvSource({"queue_counts", "queue_heads", "request_counts"})
    void vacuumsTheRowsEveryChangeRewritesAtTheNextNap(String table) {
        List<String> options = jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT unnest(reloptions) FROM pg_class WHERE oid = to_regclass(:table)")
                .bind("table", table).mapTo(String.class).list());

        assertThat(options).contains("fillfactor=50", "autovacuum_vacuum_scale_factor=0");
        assertThat(options).filteredOn(option -> option.startsWith("autovacuum_vacuum_threshold="))
                .singleElement()
                .satisfies(option -> assertThat(Integer.parseInt(option.substring(option.indexOf('=') + 1)))
                        .isBetween(1, 50));
    }

    @Test
    void acceptsRowsWrittenWithOnlyThePublicColumns() {
        jdbi.useHandle(handle -> {
            handle.execute("INSERT INTO departments (id, name) VALUES ('d-sql', 'Written by SQL')");
            handle.execute("""
                    INSERT INTO inquiries (id, rid, name, ts, status, department_id)
                    VALUES ('i-sql', 'r-sql', 'Imported', '2024-05-01 10:00:00+00', 'queued', 'd-sql')""");
            handle.execute("""
                    INSERT INTO inquiries (id, rid, name, ts, status)
                    VALUES ('i-sql-2', 'r-sql-2', 'No department', now(), 'taken')""");
        });

        long rows = jdbi.withHandle(handle -> handle.createQuery(
                "SELECT count(*) FROM inquiries WHERE id IN ('i-sql', 'i-sql-2')").mapTo(Long.class).one());
        assertThat(rows).isEqualTo(2);
    }

    @Test
    void bumpsUpdatedAtOnEveryUpdateUnlessTheUpdateSetsItAndKeepsTheQueueCount() {
        jdbi.useHandle(handle -> {
            handle.execute("INSERT INTO departments (id, name) VALUES ('d-upd', 'Updated')");
            handle.execute("""
                    INSERT INTO inquiries (id, rid, name, ts, status, department_id, updated_at)
                    VALUES ('i-upd', 'r-upd', 'Touched', now(), 'queued', 'd-upd', '2020-01-01 00:00:00+00'),
                           ('i-imp', 'r-imp', 'Imported', now(), 'queued', 'd-upd', '2020-01-01 00:00:00+00')""");
            handle.execute("UPDATE inquiries SET status = 'taken', taken_at = now() WHERE id = 'i-upd'");
            handle.execute("UPDATE inquiries SET name = 'Re-imported', updated_at = '2021-06-01 00:00:00+00' WHERE id = 'i-imp'");
        });

        Map<String, Object> touched = jdbi.withHandle(handle -> handle.createQuery("""
                SELECT (SELECT updated_at > now() - interval '1 hour' FROM inquiries WHERE id = 'i-upd') AS bumped,
                       (SELECT updated_at = '2021-06-01 00:00:00+00' FROM inquiries WHERE id = 'i-imp') AS kept,
                       (SELECT sum(queued)::bigint FROM queue_counts WHERE department_key = 'd-upd') AS queued""").mapToMap().one());
        assertThat(touched).containsEntry("bumped", true).containsEntry("kept", true).containsEntry("queued", 1L);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
            "23514 | INSERT INTO inquiries (id, rid, name, ts, status) VALUES ('b1', 'r', 'n', now(), 'lost')",
            "23514 | INSERT INTO inquiries (id, rid, name, ts, status) VALUES ('b2', 'r', 'n', 'infinity', 'queued')",
            "23514 | INSERT INTO inquiries (id, rid, name, ts, status) VALUES ('', 'r', 'n', now(), 'queued')",
            "23514 | INSERT INTO departments (id, name) VALUES ('', 'Nameless id')",
            "23503 | INSERT INTO inquiries (id, rid, name, ts, status, department_id) VALUES ('b3', 'r', 'n', now(), 'queued', 'nowhere')",
            "23502 | INSERT INTO inquiries (id, rid, name, ts, status) VALUES ('b4', 'r', NULL, now(), 'queued')",
            "23505 | INSERT INTO inquiries (id, rid, name, ts, status) VALUES ('taken-id', 'r', 'n', now(), 'queued')",
            "23514 | INSERT INTO inquiries (id, rid, name, ts, status) VALUES ('b5', 'r5', 'n', now(), 'closed')",
            "23514 | UPDATE inquiries SET closed_at = now() WHERE id = 'taken-id'",
            "23505 | INSERT INTO departments (id, name) VALUES ('d-other', 'Taken name')",
            // V37: a weight or estimate that disagrees with the priority or SLA, or one without it.
            "23503 | UPDATE inquiries SET priority_id = 'priority-high', priority_weight = 1 WHERE id = 'taken-id'",
            "23514 | UPDATE inquiries SET priority_weight = 1 WHERE id = 'taken-id'",
            "23503 | UPDATE inquiries SET priority_id = 'no-such-priority', priority_weight = 2 WHERE id = 'taken-id'",
            "23503 | UPDATE inquiries SET sla_id = 'sla-taken', estimated_waiting_time_queue = 5 WHERE id = 'taken-id'",
            "23514 | UPDATE inquiries SET estimated_waiting_time_queue = 30 WHERE id = 'taken-id'",
            "23505 | INSERT INTO slas (id, name, due_time_minutes) VALUES ('sla-2', 'Gold', 45)",
            "23505 | INSERT INTO slas (id, name, due_time_minutes) VALUES ('sla-3', 'Silver', 30)",
            "23514 | INSERT INTO slas (id, name, due_time_minutes) VALUES ('sla-4', 'Never', 9999999)",
            "23514 | INSERT INTO slas (id, name, due_time_minutes) VALUES ('sla-5', 'Past', -1)",
            "23505 | UPDATE priorities SET name = 'high', dirty = true WHERE id = 'priority-low'",
            "23514 | UPDATE priorities SET name = 'Urgent' WHERE id = 'priority-low'",
    })
    void refusesRowsTheApiCouldNotServe(String sqlState, String statement) {
        jdbi.useHandle(handle -> {
            handle.execute("INSERT INTO departments (id, name) VALUES ('d-taken', 'Taken name') ON CONFLICT DO NOTHING");
            handle.execute("INSERT INTO inquiries (id, rid, name, ts, status) VALUES ('taken-id', 'r', 'n', now(), 'taken')"
                    + " ON CONFLICT DO NOTHING");
            handle.execute("INSERT INTO slas (id, name, due_time_minutes) VALUES ('sla-taken', 'Gold', 30) ON CONFLICT DO NOTHING");
        });

        assertThatThrownBy(() -> jdbi.useHandle(handle -> handle.execute(statement)))
                .hasRootCauseInstanceOf(SQLException.class)
                .rootCause()
                .extracting(cause -> ((SQLException) cause).getSQLState())
                .isEqualTo(sqlState);
    }

    /**
     * V37: the weight and estimate follow the priority and SLA whoever writes: an SLA's new due time reaches its
     * inquiries, deleting it gives them back no SLA and the estimate 9999999, and each of these is a change of the
     * inquiry for the stream's log.
     */
    @Test
    void keepsWeightsAndEstimatesWithTheirPriorityAndSla() {
        jdbi.useHandle(handle -> {
            handle.execute("INSERT INTO slas (id, name, due_time_minutes) VALUES ('sla-o', 'Ordering', 120)");
            handle.execute("INSERT INTO inquiries (id, rid, name, ts, status, priority_id, priority_weight, sla_id, "
                    + "estimated_waiting_time_queue) VALUES ('o1', 'ro1', 'n', now(), 'queued', 'priority-highest', 1, "
                    + "'sla-o', 120)");
            handle.execute("INSERT INTO inquiries (id, rid, name, ts, status) VALUES ('o2', 'ro2', 'n', now(), 'queued')");
        });
        String row = "SELECT concat_ws('|', priority_id, priority_weight, sla_id, estimated_waiting_time_queue) "
                + "FROM inquiries WHERE id = ";
        String updates = "SELECT count(*)::text FROM queue_changes WHERE inquiry_id = 'o1' AND kind = 'update'";
        long changesBefore = Long.parseLong(text(updates));

        jdbi.useHandle(handle -> handle.execute("UPDATE slas SET due_time_minutes = 90 WHERE id = 'sla-o'"));
        String afterNewDueTime = text(row + "'o1'");
        jdbi.useHandle(handle -> handle.execute("DELETE FROM slas WHERE id = 'sla-o'"));

        assertThat(afterNewDueTime).isEqualTo("priority-highest|1|sla-o|90");
        assertThat(text(row + "'o1'")).isEqualTo("priority-highest|1|9999999");
        assertThat(text(row + "'o2'")).isEqualTo("99|9999999");
        assertThat(Long.parseLong(text(updates))).isEqualTo(changesBefore + 2);
        assertThat(text("SELECT string_agg(id || ':' || i18n || ':' || sort_item, ',' ORDER BY sort_item) FROM priorities"))
                .isEqualTo("priority-highest:Highest:1,priority-high:High:2,priority-medium:Medium:3,"
                        + "priority-low:Low:4,priority-lowest:Lowest:5");
    }

    private static String text(String sql) {
        return jdbi.withHandle(handle -> handle.createQuery(sql).mapTo(String.class).one());
    }

    @Test
    void joinsTransitionTablesWithoutNestedLoopsAndRoutesWithThem() {
        jdbi.useHandle(handle -> {
            // Every function that joins the old rows of a statement to its new ones: a plan cached for one row must
            // not be a nested loop run over thousands (V47). A FULL JOIN is never one.
            String own = "p.pronamespace = (SELECT n.oid FROM pg_namespace AS n WHERE n.nspname = current_schema())";
            List<String> joiners = handle.createQuery("SELECT p.proname FROM pg_proc AS p WHERE " + own
                            + " AND p.prosrc ~* 'old_rows' AND p.prosrc ~* 'new_rows' AND p.prosrc ~* '\\mjoin\\M'"
                            + " AND NOT ('enable_nestloop=off' = ANY (coalesce(p.proconfig, '{}'))) ORDER BY 1")
                    .mapTo(String.class).list();
            assertThat(joiners).containsExactly("queue_changes_after_update");
            assertThat(handle.createQuery("SELECT p.prosrc FROM pg_proc AS p WHERE " + own
                            + " AND p.proname = 'queue_changes_after_update'")
                    .mapTo(String.class).one()).containsIgnoringCase("FULL JOIN new_rows");
            for (String function : List.of("route_queues(text[])", "agent_queues(text[])",
                    "agent_check_capacity(text, text)", "queue_heads_admit(text, timestamptz)")) {
                assertThat(handle.createQuery("SELECT array_to_string(proconfig, ',') FROM pg_proc"
                                + " WHERE oid = CAST(:function AS regprocedure)")
                        .bind("function", function).mapTo(String.class).one())
                        .as(function).contains("enable_nestloop=on");
            }
        });
    }

    @Test
    void routesWithFunctionsThatKeepTheirPlans() {
        jdbi.useHandle(handle -> {
            // A LANGUAGE sql function with a SET clause is neither inlined nor planned once: every call plans its
            // statement again. The intake's and routing's functions (V48) and the queue's ranking (V49) are PL/pgSQL;
            // these two are left, neither on a path that runs per chat.
            List<String> planningEveryCall = handle.createQuery("SELECT p.proname FROM pg_proc AS p"
                            + " JOIN pg_language AS l ON l.oid = p.prolang"
                            + " WHERE p.pronamespace = (SELECT n.oid FROM pg_namespace AS n WHERE n.nspname = current_schema())"
                            + " AND l.lanname = 'sql' AND p.proconfig IS NOT NULL ORDER BY 1")
                    .mapTo(String.class).list();
            assertThat(planningEveryCall).containsExactly("queue_changes_reset", "queue_changes_row_limit");
            assertThat(handle.createQuery("SELECT array_to_string(proconfig, ',') FROM pg_proc"
                            + " WHERE oid = 'routing_candidate(text, text, text, text[])'::regprocedure")
                    .mapTo(String.class).one()).contains("plan_cache_mode=force_generic_plan");
        });
    }

    @Test
    void ranksQueuesWithoutJitAndKnowsTheDeskSettingsAreOneRow() {
        jdbi.useHandle(handle -> {
            for (String function : List.of("queue_spots", "queue_service", "queue_positions")) {
                assertThat(handle.createQuery("SELECT array_to_string(proconfig, ',') FROM pg_proc"
                                + " WHERE oid = CAST(:function || '(text[])' AS regprocedure)")
                        .bind("function", function).mapTo(String.class).one())
                        .as(function).contains("jit=off");
            }
            assertThat(handle.createQuery("SELECT reltuples FROM pg_class WHERE oid = 'desk_settings'::regclass")
                    .mapTo(Float.class).one()).isEqualTo(1f);
        });
    }

    @Test
    void seedsRocketChatsDefaultGrants() {
        Map<String, Set<String>> seeded = new HashMap<>();
        jdbi.useHandle(handle -> handle.createQuery("SELECT permission_id, role_id FROM role_permissions")
                .map((row, context) -> Map.entry(row.getString(1), row.getString(2)))
                .forEach(grant -> seeded.computeIfAbsent(grant.getKey(), key -> new HashSet<>()).add(grant.getValue())));
        Map<String, Set<String>> expected = new HashMap<>();
        Roles.DEFAULT_GRANTS.forEach((permission, roles) -> expected.put(permission.id(), roles));

        assertThat(seeded).isEqualTo(expected);
        List<String> roles = jdbi.withHandle(handle -> handle.createQuery("SELECT id FROM roles").mapTo(String.class).list());
        List<String> permissions = jdbi.withHandle(handle -> handle.createQuery("SELECT id FROM permissions")
                .mapTo(String.class).list());
        assertThat(roles).containsExactlyInAnyOrderElementsOf(Roles.ALL);
        assertThat(permissions).containsExactlyInAnyOrderElementsOf(
                Arrays.stream(Permission.values()).map(Permission::id).toList());
    }
}
