package dev.inquiries.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.inquiries.persistence.DatabaseSettings.Pooler;
import dev.inquiries.persistence.testing.TestDatabase;
import dev.inquiries.persistence.testing.TestDatabases;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The pool's connections search the service's schema and carry its statement timeout, set once per session
 * straight on PostgreSQL, or per transaction behind a transaction-mode pooler, where nothing may be left on
 * the session. Also the ping behind readiness and the pool's statistics.
 */
class DatabaseTest {

    private static final Duration STATEMENT_TIMEOUT = Duration.ofMillis(400);

    private static TestDatabase testDatabase;
    private static final Map<Pooler, Database> DATABASES = new EnumMap<>(Pooler.class);

    @BeforeAll
    static void openOneConnectionPoolPerPooler() {
        testDatabase = TestDatabases.create();
        DatabaseSettings settings = testDatabase.settings();
        for (Pooler pooler : Pooler.values()) {
            // One connection, so that every check below sees the session the work ran on.
            DATABASES.put(pooler, Database.connect(new DatabaseSettings(settings.url(), null, null, 1,
                    Duration.ofSeconds(2), STATEMENT_TIMEOUT, settings.schema(), pooler)));
        }
    }

    @AfterAll
    static void close() {
        DATABASES.values().forEach(Database::close);
        testDatabase.close();
    }

    @ParameterizedTest
    @EnumSource(Pooler.class)
    void runsEveryStatementInTheServicesSchemaWithItsStatementTimeout(Pooler pooler) {
        Database database = DATABASES.get(pooler);

        String searchPath = database.withHandle(handle -> handle.createQuery("SHOW search_path").mapTo(String.class).one());
        String timeout = database.inTransaction(handle -> handle.createQuery("SHOW statement_timeout").mapTo(String.class).one());

        assertThat(searchPath).isEqualTo(testDatabase.schema());
        assertThat(timeout).isEqualTo("400ms");
    }

    @ParameterizedTest
    @EnumSource(Pooler.class)
    void aListenersSessionRunsItsTransactionsInTheServicesSchemaWithItsStatementTimeout(Pooler pooler) throws SQLException {
        Database database = DATABASES.get(pooler);
        try (Connection session = database.openSession("inquiries-test-session");
             Handle handle = Jdbi.open(session)) {
            List<String> scoped = handle.inTransaction(transaction -> {
                database.scopeTransaction(transaction);
                return transaction.createQuery("SELECT current_setting('search_path') || ' ' || current_setting("
                        + "'statement_timeout') || ' ' || current_setting('plan_cache_mode')").mapTo(String.class).list();
            });
            String outside = handle.createQuery("SELECT current_setting('search_path')").mapTo(String.class).one();

            assertThat(scoped).containsExactly(testDatabase.schema() + " 400ms " + Database.PLAN_CACHE_MODE);
            // Straight on PostgreSQL the session carries them (no round trip per transaction); behind a
            // transaction-mode pooler nothing is left on it.
            assertThat(outside.equals(testDatabase.schema())).isEqualTo(pooler == Pooler.NONE);
        }
    }

    @ParameterizedTest
    @EnumSource(Pooler.class)
    void cancelsAStatementThatRunsPastTheTimeout(Pooler pooler) {
        long started = System.nanoTime();

        assertThatThrownBy(() -> DATABASES.get(pooler).withHandle(handle -> handle.createQuery("SELECT pg_sleep(5)")
                .mapToMap().one()))
                .isInstanceOf(DatabaseUnavailableException.class)
                .hasMessageContaining("57014");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(4));
    }

    @ParameterizedTest
    @EnumSource(Pooler.class)
    void listsByPlainJdbcWhatJdbiReadsWithTheSameParameterTypes(Pooler pooler) {
        Database database = DATABASES.get(pooler);
        String template = "SELECT <column> AS value, pg_typeof(:text)::text || ' ' || pg_typeof(:number)::text || ' '"
                + " || pg_typeof(:fraction)::text || ' ' || pg_typeof(:flag)::text AS types,"
                + " coalesce(:missing, 'none') = 'none' AS untyped_null, :number + 1 AS next, :text AS text"
                + " FROM generate_series(1, 3) AS n WHERE n <= :number ORDER BY n";
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("text", "a ' text");
        parameters.put("number", 2L);
        parameters.put("fraction", 1.5d);
        parameters.put("flag", true);
        parameters.put("missing", null);
        SqlStatement statement = new SqlStatement(template, Map.of("column", "n * 10"), parameters);
        Database.RowReader<String> reader = row -> row.getLong("value") + "|" + row.getString("types") + "|"
                + row.getBoolean("untyped_null") + "|" + row.getLong("next") + "|" + row.getString("text");

        List<String> jdbc = database.list(statement, reader);
        List<String> jdbi = database.withHandle(handle -> statement.query(handle)
                .map((row, context) -> reader.read(row)).list());

        assertThat(jdbc).isEqualTo(jdbi).containsExactly(
                "10|character varying bigint double precision boolean|true|3|a ' text",
                "20|character varying bigint double precision boolean|true|3|a ' text");
        assertThat(database.list(statement, reader)).as("again, from the kept parse").isEqualTo(jdbi);
    }

    @ParameterizedTest
    @EnumSource(Pooler.class)
    void translatesAPlainJdbcStatementsFailureAsJdbisIsTranslated(Pooler pooler) {
        assertThatThrownBy(() -> DATABASES.get(pooler).list(new SqlStatement("SELECT pg_sleep(5)", Map.of(), Map.of()),
                row -> row.getString(1)))
                .isInstanceOf(DatabaseUnavailableException.class)
                .hasMessageContaining("57014");
        assertThatThrownBy(() -> DATABASES.get(pooler).list(new SqlStatement("SELECT * FROM nowhere", Map.of(), Map.of()),
                row -> row.getString(1)))
                .isNotInstanceOf(DatabaseUnavailableException.class)
                .hasRootCauseInstanceOf(SQLException.class);
    }

    @Test
    void keepsAStatementPreparedWhetherItsTextParameterHasAValueOrNot() {
        Database database = DATABASES.get(Pooler.NONE);
        String sql = "SELECT CAST(:rid AS text) IS NULL AS none /* prepared-once */";
        database.withHandle(handle -> {
            for (int call = 0; call < 12; call++) {
                Map<String, Object> parameters = new LinkedHashMap<>();
                parameters.put("rid", call % 2 == 0 ? null : "a room");
                assertThat(PostgresText.bind(handle.createQuery(sql), parameters).mapTo(Boolean.class).one())
                        .isEqualTo(call % 2 == 0);
            }
            return null;
        });
        // One server-prepared statement for the twelve calls: with the null sent untyped and the value as varchar,
        // the driver would have parsed and planned it afresh at each change of type, never keeping it prepared.
        long prepared = database.withHandle(handle -> handle.createQuery(
                "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE '%prepared-once%' AND from_sql = false")
                .mapTo(Long.class).one());
        assertThat(prepared).isEqualTo(1);
    }

    @Test
    void answersUnavailableWhenThePoolIsBusyTheFirstTimeAStatementIsSeen() throws SQLException {
        Database database = DATABASES.get(Pooler.NONE);
        // A statement never listed before: its parse needs a connection of the pool too, before the one it runs on.
        SqlStatement unseen = new SqlStatement("SELECT 'first seen while busy' AS value", Map.of(), Map.of());
        try (Connection held = database.dataSource().getConnection()) {
            assertThatThrownBy(() -> database.list(unseen, row -> row.getString(1)))
                    .isInstanceOf(DatabaseUnavailableException.class);
        }
        assertThat(database.list(unseen, row -> row.getString(1))).containsExactly("first seen while busy");
    }

    @Test
    void leavesTheSessionAsItFoundItBehindATransactionPooler() throws SQLException {
        Database database = DATABASES.get(Pooler.TRANSACTION);
        database.withHandle(handle -> handle.createQuery("SELECT 1").mapTo(Integer.class).one());

        try (Connection pooled = database.dataSource().getConnection();
             Statement afterwards = pooled.createStatement();
             Connection fresh = DriverManager.getConnection(testDatabase.serviceUrl());
             Statement untouched = fresh.createStatement()) {
            assertThat(show(afterwards, "statement_timeout")).isEqualTo(show(untouched, "statement_timeout"));
            assertThat(show(afterwards, "search_path")).isEqualTo(show(untouched, "search_path"));
        }
    }

    @Test
    void answersAPingWhenTheDatabaseAnswers() {
        assertThat(DATABASES.get(Pooler.NONE).isReachable(Duration.ofSeconds(2))).isTrue();
    }

    @Test
    void givesUpOnAPingOfAnUnreachableDatabaseInTheTimeGiven() {
        // Nothing listens on port 1; the pool itself would wait two seconds for a connection.
        try (Database unreachable = Database.connect(new DatabaseSettings("jdbc:postgresql://127.0.0.1:1/inquiries", "nobody",
                "nothing", 1, Duration.ofSeconds(2), Duration.ofSeconds(1)))) {
            long started = System.nanoTime();

            assertThat(unreachable.isReachable(Duration.ofMillis(300))).isFalse();
            assertThat(unreachable.isReachable(Duration.ofMillis(300))).isFalse();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(1500));
            unreachable.close();
            assertThat(unreachable.isReachable(Duration.ofMillis(300))).isFalse();
        }
    }

    @Test
    void reportsActiveIdleAndWaitingConnections() throws Exception {
        Database database = DATABASES.get(Pooler.NONE);
        try (Connection held = database.dataSource().getConnection()) {
            assertThat(database.poolStatistics()).isEqualTo(new Database.PoolStatistics(1, 0, 0, 1, 1));
            Thread waiter = Thread.ofVirtual().start(() -> {
                try {
                    database.withHandle(handle -> handle.createQuery("SELECT 1").mapTo(Integer.class).one());
                } catch (DatabaseUnavailableException expected) {
                    // The held connection may outlast the pool's timeout; only the waiting counts here.
                }
            });
            long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
            while (database.poolStatistics().waiting() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(database.poolStatistics().waiting()).isEqualTo(1);
            held.close();
            waiter.join(Duration.ofSeconds(5));
        }
        assertThat(database.poolStatistics()).isEqualTo(new Database.PoolStatistics(0, 1, 0, 1, 1));
    }

    private static String show(Statement statement, String setting) throws SQLException {
        try (ResultSet value = statement.executeQuery("SHOW " + setting)) {
            value.next();
            return value.getString(1);
        }
    }
}
