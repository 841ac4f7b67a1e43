package dev.inquiries.persistence;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import dev.inquiries.persistence.DatabaseSettings.Pooler;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The service's PostgreSQL: a small HikariCP pool, Jdbi over it, and the Flyway migrations that give it
 * its schema. The only way the rest of the service touches the database.
 *
 * <p>The pool's connections search the service's schema and carry its statement timeout. Straight on
 * PostgreSQL ({@link Pooler#NONE}) each connection is a session of its own, so both are session settings made
 * once per connection, and a request costs one round trip. Behind a pooler in transaction mode
 * ({@link Pooler#TRANSACTION}, PgBouncer) consecutive transactions of one connection may run on different
 * server connections that other clients share: there every unit of work is a transaction that sets both
 * for itself ({@code set_config(..., true)}, as {@code SET LOCAL}), which costs the scope and the commit, two
 * more round trips; and statements are not named server-side ({@code prepareThreshold=0}) unless the URL
 * says otherwise.
 */
public final class Database implements AutoCloseable {

    /** Where the migrations jar keeps its versioned SQL. */
    public static final String MIGRATIONS_LOCATION = "classpath:db/migration";

    /**
     * The service's statements are prepared once per connection and planned once: their parameters (a
     * LIMIT, an OFFSET, a department) leave PostgreSQL's generic plan looking costlier than a custom one, so
     * in its default mode it plans them again on every execution, which cost the list about three quarters
     * of its time in PostgreSQL (measured: 6,083 against 21,002 statements/s for W2, BENCHMARKS.md). The
     * generic plans read the same indexes (the benchmark's plan check covers both kinds). Public for the
     * benchmark (module {@code bench}), whose own floor runs with the same setting.
     */
    public static final String PLAN_CACHE_MODE = "force_generic_plan";

    /** Scopes a transaction: {@code is_local = true} makes the settings end with it. */
    private static final String SCOPE_TRANSACTION = """
            SELECT set_config('search_path', :schema, true) AS search_path,
                   set_config('statement_timeout', :statementTimeout, true) AS statement_timeout,
                   set_config('plan_cache_mode', '""" + PLAN_CACHE_MODE + "', true) AS plan_cache_mode";

    private static final String SCOPE_SEARCH_PATH = "SELECT set_config('search_path', :schema, true)";

    /**
     * How often a transaction is run at most when PostgreSQL aborts it for a serialization failure or a deadlock
     * (SQLSTATE 40001, 40P01): such a transaction was rolled back whole and may simply run again, which claims under
     * contention will need. Bounded, so that a transaction that always conflicts fails rather than spins.
     */
    static final int TRANSACTION_ATTEMPTS = 4;

    /**
     * The pause before the second attempt; each later one doubles it, and a random part of up to the same again
     * keeps the transactions that collided from colliding again in step.
     */
    private static final Duration FIRST_RETRY_PAUSE = Duration.ofMillis(5);

    private final DatabaseSettings settings;
    private final HikariDataSource dataSource;
    private final Jdbi jdbi;
    private final String statementTimeout;
    /** Pings run here, so that a caller can stop waiting for one; one at a time, however many callers ask. */
    private final ExecutorService pings = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("database-ping").factory());
    private final AtomicReference<CompletableFuture<Boolean>> ping = new AtomicReference<>(CompletableFuture.completedFuture(true));

    private Database(DatabaseSettings settings, HikariDataSource dataSource) {
        this.settings = settings;
        this.dataSource = dataSource;
        this.jdbi = Jdbi.create(dataSource);
        this.statementTimeout = settings.statementTimeout().toMillis() + "ms";
    }

    /**
     * Opens a pool to the database. The pool connects lazily: while the database is away, each use fails
     * with a {@link DatabaseUnavailableException} after the connection timeout, and the pool recovers by
     * itself when the database is back.
     */
    public static Database connect(DatabaseSettings settings) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("inquiries");
        config.setJdbcUrl(settings.url());
        if (settings.username() != null) {
            config.setUsername(settings.username());
        }
        if (settings.password() != null) {
            config.setPassword(settings.password());
        }
        config.setMaximumPoolSize(settings.poolSize());
        config.setMinimumIdle(Math.min(2, settings.poolSize()));
        config.setConnectionTimeout(settings.connectionTimeout().toMillis());
        config.setValidationTimeout(Math.min(1000, settings.connectionTimeout().toMillis()));
        config.setKeepaliveTime(60_000);
        config.setInitializationFailTimeout(-1);
        // Properties given in the URL win over these defaults (the driver reads the URL last).
        config.addDataSourceProperty("ApplicationName", "inquiries");
        config.addDataSourceProperty("tcpKeepAlive", "true");
        config.addDataSourceProperty("connectTimeout", String.valueOf(seconds(settings.connectionTimeout())));
        // A statement that outlives its timeout by a second is stuck on a dead network: give up reading.
        config.addDataSourceProperty("socketTimeout", String.valueOf(seconds(settings.statementTimeout()) + 1));
        switch (settings.pooler()) {
            case NONE -> {
                // The search path as a startup parameter too: a transaction-mode PgBouncer refuses it ("unsupported
                // startup parameter"), so a pooler left out of the settings fails loudly instead of sharing
                // session state. The SET makes DB_SCHEMA win over a currentSchema in the URL.
                config.addDataSourceProperty("currentSchema", settings.schema());
                config.setConnectionInitSql(sessionSettings(settings));
            }
            case TRANSACTION -> config.addDataSourceProperty("prepareThreshold", "0");
        }
        return new Database(settings, new HikariDataSource(config));
    }

    /**
     * Applies the migrations that have not been applied yet, into the settings' schema, on a connection of
     * its own without the request timeouts (an index on a large table may take minutes; each migration sets
     * its own lock_timeout instead).
     */
    public void migrate() {
        try {
            if (!schemaUpToDate()) {
                migrate(Flyway.configure().dataSource(settings.url(), settings.username(), settings.password()),
                        settings.schema());
            }
        } catch (RuntimeException failure) {
            throw DatabaseErrors.translate(failure, settings);
        }
    }

    /**
     * Whether the schema holds exactly this build's migrations already ({@link AppliedMigrations}), asked in one
     * statement on a session of its own, so that an up-to-date start loads no Flyway. When the session cannot be
     * opened because the database is away or refuses the login, that failure is the start's; any other failure
     * leaves the answer to Flyway, which reports it in its own words.
     */
    private boolean schemaUpToDate() {
        Optional<Map<String, AppliedMigrations.Script>> scripts =
                AppliedMigrations.carried(Database.class.getClassLoader());
        if (scripts.isEmpty()) {
            return false;
        }
        Connection session;
        try {
            session = openSession("inquiries-migrate");
        } catch (SQLException failure) {
            RuntimeException translated = DatabaseErrors.translate(new IllegalStateException(failure), settings);
            if (translated instanceof DatabaseUnavailableException) {
                throw translated;
            }
            return false;
        }
        try (session) {
            return AppliedMigrations.upToDate(session, settings.schema(), scripts.get());
        } catch (SQLException closing) {
            return false;
        }
    }

    /** Applies the migrations to any PostgreSQL data source (tests use it on fresh databases), in the schema. */
    public static void migrate(DataSource dataSource, String schema) {
        migrate(Flyway.configure().dataSource(dataSource), schema);
    }

    /**
     * The tables, views and Flyway's history go into the schema, which Flyway creates when it is absent and
     * the role may create schemas. Flyway takes a transaction-level advisory lock and sets the search path
     * inside each migration's transaction, so this works through a transaction-mode pooler too.
     */
    private static void migrate(FluentConfiguration flyway, String schema) {
        try {
            flyway.locations(MIGRATIONS_LOCATION)
                    .schemas(schema)
                    .defaultSchema(schema)
                    .createSchemas(true)
                    .load()
                    .migrate();
        } catch (RuntimeException failure) {
            throw DatabaseErrors.translate(failure);
        }
    }

    /**
     * Runs work on one connection, translating database failures as {@link DatabaseErrors} says. Behind a
     * transaction-mode pooler the work is one scoped transaction, run again on a conflict as
     * {@link #inTransaction} runs it; straight on PostgreSQL each statement commits by itself, and nothing is run
     * again (the work may have committed part of itself). Public for persistence's own sub-packages
     * (the demo data); other modules go through the repositories.
     */
    public <T> T withHandle(Function<Handle, T> work) {
        if (settings.pooler() == Pooler.TRANSACTION) {
            return inTransaction(work);
        }
        try {
            return jdbi.withHandle(work::apply);
        } catch (RuntimeException failure) {
            throw DatabaseErrors.translate(failure);
        }
    }

    /** Reads one row of a result: what {@link #list} makes of each. */
    @FunctionalInterface
    public interface RowReader<T> {
        T read(ResultSet row) throws SQLException;
    }

    /**
     * The rows of one statement, each as the reader makes it, read by plain JDBC on a connection of the pool: the
     * same SQL, parameter types and failures as {@link #withHandle} running the statement through Jdbi, for a
     * fraction of the CPU (the list's version check, on every list request, spent more in Jdbi's handle, statement
     * context and result iteration than in the driver). Behind a transaction-mode pooler, through Jdbi in one
     * scoped transaction, as {@link #withHandle} runs everything there.
     */
    public <T> List<T> list(SqlStatement statement, RowReader<T> reader) {
        if (settings.pooler() == Pooler.TRANSACTION) {
            return withHandle(handle -> statement.query(handle).map((row, context) -> reader.read(row)).list());
        }
        // The first use of a statement's shape parses it on a handle of the pool: inside the translation too, so
        // that a busy pool then answers as it does for the statement itself.
        try {
            SqlStatement.Jdbc jdbc = statement.jdbc(parse -> jdbi.withHandle(parse::apply));
            try (Connection connection = dataSource.getConnection();
                 PreparedStatement prepared = connection.prepareStatement(jdbc.sql())) {
                jdbc.bind(prepared, statement.parameters());
                List<T> rows = new ArrayList<>();
                try (ResultSet result = prepared.executeQuery()) {
                    while (result.next()) {
                        rows.add(reader.read(result));
                    }
                }
                return rows;
            }
        } catch (SQLException failure) {
            throw DatabaseErrors.translate(new StatementFailedException(failure));
        } catch (RuntimeException failure) {
            throw DatabaseErrors.translate(failure);
        }
    }

    /** A statement of {@link #list} failed: the driver's exception, unchecked. */
    static final class StatementFailedException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        StatementFailedException(SQLException cause) {
            super("The statement failed: " + cause.getSQLState(), cause);
        }
    }

    /**
     * Runs bulk work (loading demo data) in one transaction on a connection of its own, outside the pool
     * and without the request timeouts, in the service's schema; again, as {@link #inTransaction} does, when
     * PostgreSQL aborts it for a conflict. Public for persistence's own sub-packages (the demo data).
     */
    public <T> T inMaintenanceTransaction(Function<Handle, T> work) {
        Properties properties = new Properties();
        if (settings.username() != null) {
            properties.setProperty("user", settings.username());
        }
        if (settings.password() != null) {
            properties.setProperty("password", settings.password());
        }
        properties.setProperty("ApplicationName", "inquiries-maintenance");
        properties.setProperty("connectTimeout", String.valueOf(seconds(settings.connectionTimeout())));
        if (settings.pooler() == Pooler.TRANSACTION) {
            properties.setProperty("prepareThreshold", "0");
        }
        Jdbi maintenance = Jdbi.create(settings.url(), properties);
        return retryingConflicts(() -> {
            try {
                return maintenance.inTransaction(handle -> {
                    handle.createQuery(SCOPE_SEARCH_PATH).bind("schema", settings.schema()).mapTo(String.class).one();
                    return work.apply(handle);
                });
            } catch (RuntimeException failure) {
                throw DatabaseErrors.translate(failure);
            }
        });
    }

    /** The search path, statement timeout and plan cache mode of a session straight on PostgreSQL. */
    private static String sessionSettings(DatabaseSettings settings) {
        return "SET search_path TO " + settings.schema() + "; SET statement_timeout = "
                + settings.statementTimeout().toMillis() + "; SET plan_cache_mode = " + PLAN_CACHE_MODE;
    }

    /**
     * A plain session outside the pool, for a long-lived listener (LISTEN needs a session of its own, which a
     * pool would hand to requests): the settings' role, the application name given (so that operators and tests
     * find it in {@code pg_stat_activity}), keep-alive on, and a socket timeout a second beyond the statement
     * timeout, as the pool's connections have. Straight on PostgreSQL it carries the pool's session settings;
     * behind a transaction-mode pooler none is set, and each transaction sets them, see
     * {@link #scopeTransaction(Handle)}.
     *
     * @throws SQLException when PostgreSQL cannot be reached or refuses the login
     */
    public Connection openSession(String applicationName) throws SQLException {
        Properties properties = new Properties();
        if (settings.username() != null) {
            properties.setProperty("user", settings.username());
        }
        if (settings.password() != null) {
            properties.setProperty("password", settings.password());
        }
        properties.setProperty("ApplicationName", applicationName);
        properties.setProperty("tcpKeepAlive", "true");
        properties.setProperty("connectTimeout", String.valueOf(seconds(settings.connectionTimeout())));
        properties.setProperty("socketTimeout", String.valueOf(seconds(settings.statementTimeout()) + 1));
        if (settings.pooler() == Pooler.TRANSACTION) {
            properties.setProperty("prepareThreshold", "0");
        }
        Connection connection = DriverManager.getConnection(settings.url(), properties);
        if (settings.pooler() == Pooler.NONE) {
            try (Statement statement = connection.createStatement()) {
                statement.execute(sessionSettings(settings));
            } catch (SQLException | RuntimeException failure) {
                try {
                    connection.close();
                } catch (SQLException closing) {
                    failure.addSuppressed(closing);
                }
                throw failure;
            }
        }
        return connection;
    }

    /**
     * Scopes the handle's current transaction, in a session of {@link #openSession(String)}, to the service's schema,
     * statement timeout and plan cache mode ({@code SET LOCAL}) behind a transaction-mode pooler; straight on
     * PostgreSQL the session has them already, and this costs no round trip.
     */
    public void scopeTransaction(Handle handle) {
        if (settings.pooler() == Pooler.NONE) {
            return;
        }
        handle.createQuery(SCOPE_TRANSACTION)
                .bind("schema", settings.schema())
                .bind("statementTimeout", statementTimeout)
                .mapToMap()
                .one();
    }

    /** Whether a pooler in transaction mode sits in between (then no session may LISTEN). */
    public boolean behindTransactionPooler() {
        return settings.pooler() == Pooler.TRANSACTION;
    }

    /**
     * Runs work in one transaction, translating database failures as {@link DatabaseErrors} says. A transaction
     * PostgreSQL aborted for a serialization failure or a deadlock runs again, whole, up to
     * {@link #TRANSACTION_ATTEMPTS} times: the work must do nothing outside the database that it may not repeat.
     * Public for persistence's own sub-packages (the moves of a chat); other modules go through the repositories.
     */
    public <T> T inTransaction(Function<Handle, T> work) {
        return retryingConflicts(() -> {
            try {
                return jdbi.inTransaction(handle -> {
                    if (settings.pooler() == Pooler.TRANSACTION) {
                        handle.createQuery(SCOPE_TRANSACTION)
                                .bind("schema", settings.schema())
                                .bind("statementTimeout", statementTimeout)
                                .mapToMap()
                                .one();
                    }
                    return work.apply(handle);
                });
            } catch (RuntimeException failure) {
                throw DatabaseErrors.translate(failure);
            }
        });
    }

    /**
     * Whether PostgreSQL refused a statement because it would have an agent serve more open chats than its capacity
     * (the rule V36 keeps for every writer): the caller's request is refused, nothing was written.
     */
    public static boolean exceedsCapacity(RuntimeException failure) {
        return DatabaseErrors.isCapacityExceeded(failure);
    }

    /**
     * Runs a transaction, and again after a short pause while PostgreSQL aborted it for a serialization failure
     * or a deadlock, at most {@link #TRANSACTION_ATTEMPTS} times in all; any other failure, or the last conflict,
     * goes to the caller.
     */
    private static <T> T retryingConflicts(Supplier<T> transaction) {
        for (int attempt = 1; ; attempt++) {
            try {
                return transaction.get();
            } catch (RuntimeException failure) {
                if (attempt >= TRANSACTION_ATTEMPTS || !DatabaseErrors.isConflict(failure)) {
                    throw failure;
                }
                pauseBeforeAttempt(attempt + 1);
            }
        }
    }

    private static void pauseBeforeAttempt(int attempt) {
        long base = FIRST_RETRY_PAUSE.toNanos() << (attempt - 2);
        try {
            Thread.sleep(Duration.ofNanos(base + ThreadLocalRandom.current().nextLong(base + 1)));
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new DatabaseUnavailableException("Interrupted while waiting to run a transaction again",
                    "interrupted", interrupted);
        }
    }

    /** The schema the service's tables live in. */
    public String schema() {
        return settings.schema();
    }

    /**
     * Whether the database answers a trivial query through the pool within the time given. Answers in about
     * that time at most, whatever the database does: a ping still running is left to finish (it is bounded by
     * the pool's connection timeout and the statement timeout), and callers meanwhile share it.
     */
    public boolean isReachable(Duration within) {
        try {
            CompletableFuture<Boolean> current = ping.updateAndGet(previous -> previous.isDone()
                    ? CompletableFuture.supplyAsync(this::answersTrivialQuery, pings)
                    : previous);
            return current.get(within.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException closed) {
            return false;
        } catch (TimeoutException | ExecutionException unreachable) {
            return false;
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** What the pool is doing now, for metrics and health details. */
    public PoolStatistics poolStatistics() {
        HikariPoolMXBean pool = dataSource.getHikariPoolMXBean();
        if (pool == null) {
            return new PoolStatistics(0, 0, 0, 0, settings.poolSize());
        }
        return new PoolStatistics(pool.getActiveConnections(), pool.getIdleConnections(),
                pool.getThreadsAwaitingConnection(), pool.getTotalConnections(), settings.poolSize());
    }

    /** The pool, for tools that need a plain data source. */
    public DataSource dataSource() {
        return dataSource;
    }

    @Override
    public void close() {
        pings.shutdownNow();
        dataSource.close();
    }

    private boolean answersTrivialQuery() {
        return withHandle(handle -> handle.createQuery("SELECT 1").mapTo(Integer.class).one()) == 1;
    }

    private static long seconds(Duration duration) {
        return Math.max(1, (duration.toMillis() + 999) / 1000);
    }

    /**
     * The pool's connections at one moment.
     *
     * @param active  in use by a request
     * @param idle    open and free
     * @param waiting requests waiting for a connection
     * @param total   open connections, active and idle
     * @param max     the most the pool will open
     */
    public record PoolStatistics(int active, int idle, int waiting, int total, int max) {
    }
}
