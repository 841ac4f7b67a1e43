package dev.inquiries.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import dev.inquiries.domain.Inquiry;
import dev.inquiries.domain.InquiryListRequest;
import dev.inquiries.domain.Page;
import dev.inquiries.domain.SortSpec;
import dev.inquiries.persistence.DatabaseSettings.Pooler;
import dev.inquiries.persistence.queue.InquiryRepository;
import dev.inquiries.persistence.testing.TestDatabase;
import dev.inquiries.persistence.testing.TestDatabases;
import dev.inquiries.persistence.testing.TestSettings;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The service's database access through a PgBouncer in transaction mode ({@code PGBOUNCER_URL}, set by
 * {@code .ci/run}; run with {@code -Ppgbouncer}), with {@code db.pooler = transaction} and the URL as it
 * is. That PgBouncer keeps two server connections per database and user and hands out the one used last,
 * so clients that take turns share one server connection: what one client leaves on the session, the next
 * one meets.
 */
@Tag("pgbouncer")
class ThroughPgBouncerTest {

    private static final String SCHEMA = "support_queue";
    private static final Duration STATEMENT_TIMEOUT = Duration.ofMillis(500);

    private static TestDatabase testDatabase;
    private static String throughPgBouncer;
    private static Database database;

    @BeforeAll
    static void migrateThroughPgBouncer() {
        testDatabase = TestDatabases.createEmpty();
        throughPgBouncer = TestDatabases.urlThroughPgBouncer(testDatabase);
        database = Database.connect(new DatabaseSettings(throughPgBouncer, null, null, 4, Duration.ofSeconds(5),
                STATEMENT_TIMEOUT, SCHEMA, Pooler.TRANSACTION));
        database.migrate();
    }

    @AfterAll
    static void close() {
        if (database != null) {
            database.close();
        }
        testDatabase.close();
    }

    @Test
    void appliesTheMigrationsThroughPgBouncerIntoTheSchema() {
        long applied = Jdbi.create(testDatabase.serviceUrl()).withHandle(handle -> handle.createQuery(
                "SELECT count(*) FROM support_queue.flyway_schema_history WHERE success AND type = 'SQL'").mapTo(Long.class).one());

        assertThat(applied).isEqualTo(MigrationFiles.all().size());
    }

    @Test
    void listsInItsSchemaWithItsTimeoutWhateverAnotherClientLeftOnTheSharedSession() throws SQLException {
        Jdbi.create(testDatabase.serviceUrl()).useHandle(handle -> {
            handle.execute("CREATE TABLE public.inquiries (id text, rid text, name text, ts timestamptz, status text, "
                    + "department_id text)");
            handle.execute("INSERT INTO public.inquiries VALUES ('wrong', 'r', 'Not ours', now(), 'queued', NULL)");
            handle.execute("INSERT INTO support_queue.inquiries (id, rid, name, ts, status) "
                    + "VALUES ('q1', 'r1', 'Ada', '2024-01-01T00:00:00Z', 'queued')");
        });
        try (Connection careless = DriverManager.getConnection(throughPgBouncer + "&prepareThreshold=0");
             Statement statement = careless.createStatement()) {
            statement.execute("SET search_path = public");
            statement.execute("SET statement_timeout = 0");
            InquiryRepository repository = new InquiryRepository(database,
                    new LoginTokenRepository(database, TestSettings.TOKEN_LIFETIME));
            for (int i = 0; i < 12; i++) {
                List<Inquiry> page = repository.list(new InquiryListRequest(Optional.empty(),
                        new Page(0, OptionalLong.of(10)), SortSpec.DEFAULT)).inquiries();
                assertThat(page).extracting(Inquiry::id).containsExactly("q1");
            }
        }

        assertThatThrownBy(() -> database.withHandle(handle -> handle.createQuery("SELECT pg_sleep(5)").mapToMap().one()))
                .isInstanceOf(DatabaseUnavailableException.class)
                .hasMessageContaining("57014");
    }

    @Test
    void failsLoudlyWhenThePoolerIsNotInTheSettings() {
        try (Database unaware = Database.connect(new DatabaseSettings(throughPgBouncer, null, null, 1, Duration.ofSeconds(2),
                STATEMENT_TIMEOUT, SCHEMA, Pooler.NONE))) {
            assertThatThrownBy(() -> unaware.withHandle(handle -> handle.createQuery("SELECT 1").mapTo(Integer.class).one()))
                    .isInstanceOf(DatabaseUnavailableException.class)
                    .rootCause().hasMessageContaining("unsupported startup parameter");
        }
    }

    /**
     * The reason for {@code prepareThreshold=0}: with the driver's default, a statement run a few times becomes
     * a named server-side statement, and the next client on the shared server connection collides with it.
     */
    @Test
    void namedServerSidePreparedStatementsBreakThroughThisPgBouncer() throws SQLException {
        String withDriverDefaults = TestDatabases.urlThroughPgBouncer(testDatabase);
        try (Connection first = DriverManager.getConnection(withDriverDefaults);
             Connection second = DriverManager.getConnection(withDriverDefaults)) {
            assertThatThrownBy(() -> {
                for (int i = 0; i < 10; i++) {
                    selectOne(first);
                    selectOne(second);
                }
            }).isInstanceOf(SQLException.class).hasMessageContaining("prepared statement \"S_");
        }
    }

    private static void selectOne(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT ?::int");
             ResultSet row = (bind(statement)).executeQuery()) {
            row.next();
        }
    }

    private static PreparedStatement bind(PreparedStatement statement) throws SQLException {
        statement.setInt(1, 1);
        return statement;
    }
}
