package dev.inquiries.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.inquiries.persistence.testing.Await;
import dev.inquiries.persistence.testing.ReadmeSql;
import dev.inquiries.persistence.testing.TestDatabase;
import dev.inquiries.persistence.testing.TestDatabases;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Reports off the primary: the README's reporting role, made on the primary, reads every reporting view on a
 * streaming hot standby ({@code STANDBY_DB_URL}, made by {@code .ci/run}; run with {@code -Pstandby}) and gets
 * the primary's rows, and nothing else. Without {@code STANDBY_DB_URL} the test fails rather than skips.
 */
@Tag("standby")
class StandbyReportsTest {

    /** How long the standby may take to replay the arranged writes: a bound for a busy machine, not a timing. */
    private static final Duration REPLAY_LIMIT = Duration.ofMinutes(3);

    /**
     * Each reporting view and how to read all of it in a fixed order. A wait measured from {@code now()} differs
     * between two readings, so it is read back as the moment it was measured from ({@code now() - wait}).
     */
    private static final Map<String, String> REPORTS = reports();

    /**
     * Views of the schema that are no report, and so not granted: the queue's rules, and the desk's live state for the
     * page and the command line (agent_loads reads users' limits through a function, as its caller).
     */
    private static final Set<String> NOT_REPORTS = Set.of("enabled_department_agents", "user_permissions",
            "livechat_agents", "agents_on_duty", "restricted_monitors", "restricted_monitor_departments",
            "agent_open_chats", "agent_loads");

    private static final Pattern ROLE_SETTING = Pattern.compile("ALTER ROLE inquiries_reports SET (\\w+) = '([^']*)';");

    private static TestDatabase testDatabase;
    private static Jdbi primary;
    private static String role;
    private static String password;
    private static Jdbi standbyAsRole;

    private static Map<String, String> reports() {
        Map<String, String> reports = new LinkedHashMap<>();
        reports.put("inquiry_waits", """
                SELECT inquiry_id, room_id, visitor_name, department_id, department_name, waiting_since, now() - wait
                  FROM inquiry_waits ORDER BY inquiry_id""");
        reports.put("queue_by_department", """
                SELECT department_id, department_name, queued, oldest_waiting_since, now() - longest_wait,
                       now() - median_wait
                  FROM queue_by_department ORDER BY department_id NULLS LAST""");
        reports.put("inquiry_takes", "SELECT * FROM inquiry_takes ORDER BY inquiry_id");
        reports.put("take_waits_by_department_day",
                "SELECT * FROM take_waits_by_department_day ORDER BY day, department_id NULLS LAST");
        reports.put("takes_by_agent_day", "SELECT * FROM takes_by_agent_day ORDER BY agent_id, day");
        reports.put("chat_reports", "SELECT * FROM chat_reports ORDER BY inquiry_id");
        reports.put("chats_by_department_hour",
                "SELECT * FROM chats_by_department_hour ORDER BY hour, department_id NULLS LAST");
        return reports;
    }

    @BeforeAll
    static void arrangeOnThePrimaryAndAwaitTheStandby() {
        testDatabase = TestDatabases.create();
        primary = testDatabase.jdbi();
        role = "inquiries_reports_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        password = UUID.randomUUID().toString();
        Jdbi standby = Jdbi.create(TestDatabases.urlOnStandby("postgres"));
        assertThat(inRecovery(standby)).as("STANDBY_DB_URL is a standby (in recovery)").isTrue();

        primary.useHandle(StandbyReportsTest::arrangeQueueAndTakes);
        primary.useHandle(handle -> handle.execute(readmeRoleSql()));

        String written = primary.withHandle(handle -> handle.createQuery("SELECT pg_current_wal_lsn()::text")
                .mapTo(String.class).one());
        Await.until(REPLAY_LIMIT,
                () -> standby.withHandle(handle -> handle.createQuery(
                                "SELECT pg_last_wal_replay_lsn() >= CAST(:written AS pg_lsn)")
                        .bind("written", written).mapTo(Boolean.class).one()),
                () -> "the standby to replay the primary's WAL up to " + written + "; it replayed up to "
                        + standby.withHandle(handle -> handle.createQuery("SELECT pg_last_wal_replay_lsn()::text")
                        .mapTo(String.class).one()));
        standbyAsRole = Jdbi.create(TestDatabases.urlOnStandby(testDatabase.name(), role, password));
    }

    @AfterAll
    static void dropDatabaseAndRole() {
        if (testDatabase != null) {
            testDatabase.close();
            TestDatabases.dropRole(role);
        }
    }

    /** The README's block, the names replaced by this test's database, schema, role and password. */
    private static String readmeRoleSql() {
        return ReadmeSql.block("reporting-role-sql")
                .replace("inquiries_reports", role)
                .replace("'change-me'", "'" + password + "'")
                .replaceAll("\\bsupport\\b", Matcher.quoteReplacement(testDatabase.name()))
                .replaceAll("\\binquiries\\b", Matcher.quoteReplacement(testDatabase.schema()));
    }

    /** Queued inquiries minutes before now (every wait under a day), and taken ones on fixed days. */
    private static void arrangeQueueAndTakes(Handle handle) {
        handle.execute("""
                INSERT INTO departments (id, name) VALUES ('d-sales', 'Sales'), ('d-support', 'Support'), ('d-idle', 'Idle')""");
        handle.execute("INSERT INTO users (id, username) VALUES ('u-ann', 'ann'), ('u-ben', 'ben')");
        handle.execute("""
                INSERT INTO inquiries (id, rid, name, ts, status, department_id) VALUES
                    ('s2', 'room-s2', 'Sara', now() - interval '30 minutes', 'queued', 'd-sales'),
                    ('u1', 'room-u1', 'Ulla', now() - interval '90 minutes', 'queued', 'd-support'),
                    ('n1', 'room-n1', 'Nia', now() - interval '5 minutes', 'queued', NULL),
                    ('s1', 'room-s1', 'Sam', now() - interval '40 minutes', 'queued', 'd-sales'),
                    ('v1', 'room-v1', 'Vic', now() - interval '15 minutes', 'verifying', NULL)""");
        handle.execute("""
                INSERT INTO inquiries (id, rid, name, ts, status, department_id, queued_at, taken_by, taken_at) VALUES
                    ('c', 'room-c', 'Cleo', '2026-11-30T23:50:00Z', 'taken', 'd-sales', NULL, 'u-ben',
                     '2026-12-01T00:02:00Z'),
                    ('a', 'room-a', 'Abe', '2026-11-30T09:00:00Z', 'taken', 'd-sales', NULL, 'u-ann',
                     '2026-11-30T09:02:00Z'),
                    ('d', 'room-d', 'Dora', '2026-11-30T11:00:00Z', 'taken', 'd-support', '2026-11-30T11:30:00Z',
                     'u-ben', '2026-11-30T11:36:00Z'),
                    ('e', 'room-e', 'Eli', '2026-11-30T12:00:00Z', 'taken', NULL, NULL, 'u-ann', '2026-11-30T12:01:00Z'),
                    ('b', 'room-b', 'Bo', '2026-11-30T10:00:00Z', 'taken', 'd-sales', NULL, 'u-ann',
                     '2026-11-30T10:04:00Z')""");
    }

    @Test
    void readsEveryReportingViewOnTheStandbyAsThePrimaryAnswersIt() {
        assertThat(inRecovery(standbyAsRole)).as("the role's session is on the standby").isTrue();
        for (Map.Entry<String, String> report : REPORTS.entrySet()) {
            List<String> onPrimary = primary.withHandle(handle -> rows(handle, report.getValue()));
            List<String> onStandby = standbyAsRole.withHandle(handle -> rows(handle, report.getValue()));

            assertThat(onPrimary).as(report.getKey() + " on the primary").isNotEmpty();
            assertThat(onStandby).as(report.getKey() + " on the standby").containsExactlyElementsOf(onPrimary);
        }
        List<String> takesByAgentDay = standbyAsRole.withHandle(handle -> rows(handle, REPORTS.get("takes_by_agent_day")));
        assertThat(takesByAgentDay).containsExactly(
                "u-ann|ann|2026-11-30|3|00:02:00", "u-ben|ben|2026-11-30|1|00:06:00", "u-ben|ben|2026-12-01|1|00:12:00");
    }

    @Test
    void grantsTheRoleTheReportingViewsAndNothingElse() {
        List<String> privileges = primary.withHandle(handle -> handle.createQuery("""
                        SELECT c.relname || ' ' || p.privilege
                          FROM pg_class c
                          JOIN pg_namespace n ON n.oid = c.relnamespace
                         CROSS JOIN unnest(ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES',
                                                 'TRIGGER']) AS p(privilege)
                         WHERE n.nspname = :schema AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
                           AND has_table_privilege(:role, c.oid, p.privilege)
                         ORDER BY 1""")
                .bind("schema", testDatabase.schema())
                .bind("role", role)
                .mapTo(String.class)
                .list());
        List<String> views = primary.withHandle(handle -> handle.createQuery(
                        "SELECT viewname FROM pg_views WHERE schemaname = :schema ORDER BY viewname")
                .bind("schema", testDatabase.schema()).mapTo(String.class).list());
        boolean beyondLogin = primary.withHandle(handle -> handle.createQuery("""
                        SELECT rolsuper OR rolcreatedb OR rolcreaterole OR rolreplication OR rolbypassrls
                          FROM pg_roles WHERE rolname = :role""")
                .bind("role", role).mapTo(Boolean.class).one());
        Set<String> named = new TreeSet<>(REPORTS.keySet());
        named.addAll(NOT_REPORTS);

        assertThat(privileges).containsExactlyElementsOf(REPORTS.keySet().stream().sorted().map(view -> view + " SELECT").toList());
        assertThat(views).as("every view of the schema is a report granted by the README or named as no report")
                .containsExactlyElementsOf(named);
        assertThat(beyondLogin).as("the role has an attribute beyond LOGIN").isFalse();
    }

    @Test
    void refusesTheRoleEveryTableOnTheStandby() {
        List<String> relations = new ArrayList<>(primary.withHandle(handle -> handle.createQuery(
                        "SELECT tablename FROM pg_tables WHERE schemaname = :schema ORDER BY tablename")
                .bind("schema", testDatabase.schema()).mapTo(String.class).list()));
        assertThat(relations).contains("inquiries", "departments", "users", "login_tokens", "queue_changes");
        relations.addAll(NOT_REPORTS);

        List<String> unlogged = primary.withHandle(handle -> handle.createQuery("""
                        SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                         WHERE n.nspname = :schema AND c.relpersistence = 'u'""")
                .bind("schema", testDatabase.schema()).mapTo(String.class).list());
        assertThat(unlogged).as("V35's request_counts is UNLOGGED").contains("request_counts");

        for (String relation : relations) {
            // An UNLOGGED table (rate-limit counts) has no data on a standby: nobody may read it there (0A000).
            assertThat(sqlStateOf(standbyAsRole, "SELECT count(*) FROM " + relation)).as(relation)
                    .isEqualTo(unlogged.contains(relation) ? "0A000" : "42501");
        }
    }

    @Test
    void refusesTheRoleEveryWrite() {
        Jdbi primaryAsRole = Jdbi.create(testDatabase.urlAs(role, password));
        List<String> writes = List.of(
                "INSERT INTO inquiries (id, rid, name, ts, status) VALUES ('x', 'room-x', 'X', now(), 'queued')",
                "UPDATE inquiries SET status = 'queued' WHERE id = 'a'",
                "DELETE FROM users",
                "TRUNCATE departments",
                "CREATE TABLE " + testDatabase.schema() + ".reports_of_my_own (id int)");

        for (String write : writes) {
            assertThat(sqlStateOf(primaryAsRole, write)).as("on the primary: " + write).isEqualTo("42501");
        }
        assertThat(sqlStateOf(standbyAsRole, writes.get(0))).as("on the standby: read-only").isEqualTo("25006");
    }

    @Test
    void keepsTheRolesTimeoutsInItsSessionsOnTheStandby() {
        Map<String, String> readme = new LinkedHashMap<>();
        Matcher setting = ROLE_SETTING.matcher(ReadmeSql.block("reporting-role-sql"));
        while (setting.find()) {
            readme.put(setting.group(1), setting.group(2));
        }
        assertThat(readme).containsOnlyKeys("statement_timeout", "idle_in_transaction_session_timeout");

        for (Map.Entry<String, String> timeout : readme.entrySet()) {
            String expected = primary.inTransaction(handle -> handle.createQuery("SELECT set_config(:name, :value, true)")
                    .bind("name", timeout.getKey()).bind("value", timeout.getValue()).mapTo(String.class).one());
            List<String> shown = standbyAsRole.withHandle(handle -> List.of(
                    handle.createQuery("SHOW " + timeout.getKey()).mapTo(String.class).one(),
                    handle.createQuery("SELECT source FROM pg_settings WHERE name = :name")
                            .bind("name", timeout.getKey()).mapTo(String.class).one()));

            assertThat(expected).as(timeout.getKey()).isNotEqualTo("0");
            assertThat(shown).as(timeout.getKey()).containsExactly(expected, "user");
        }
    }

    private static boolean inRecovery(Jdbi jdbi) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT pg_is_in_recovery()").mapTo(Boolean.class).one());
    }

    private static List<String> rows(Handle handle, String query) {
        return handle.createQuery(query)
                .map((row, context) -> {
                    List<String> cells = new ArrayList<>();
                    for (int column = 1; column <= row.getMetaData().getColumnCount(); column++) {
                        cells.add(row.getString(column));
                    }
                    return String.join("|", cells);
                })
                .list();
    }

    /** The SQLSTATE the statement fails with. */
    private static String sqlStateOf(Jdbi jdbi, String statement) {
        Throwable failure = catchThrowable(() -> jdbi.useHandle(handle -> handle.execute(statement)));
        assertThat(failure).as(statement + " fails").isNotNull();
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
        }
        throw new AssertionError("No SQLSTATE in " + failure, failure);
    }
}
