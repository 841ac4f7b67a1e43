package dev.inquiries.persistence;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The service's PostgreSQL: a small HikariCP pool, Jdbi over it, and the Flyway migrations that give it
 * its schema. The only way the rest of the service touches the database.
 *
 * <p>Every unit of work runs in a transaction that first sets its own search path and statement timeout
 * with {@code SET LOCAL} semantics. Nothing depends on session state, so the pool works the same straight
 * on PostgreSQL and through a pooler in transaction mode (PgBouncer), where consecutive transactions of
 * one client connection may run on different server connections.
 */
public final class Database implements AutoCloseable {

    /** Where the migrations jar keeps its versioned SQL. */
    public static final String MIGRATIONS_LOCATION = "classpath:db/migration";

    /** Scopes a transaction: {@code is_local = true} makes both settings end with it. */
    private static final String SCOPE_TRANSACTION = """
            SELECT set_config('search_path', :schema, true) AS search_path,
                   set_config('statement_timeout', :statementTimeout, true) AS statement_timeout""";

    private final HikariDataSource dataSource;
    private final Jdbi jdbi;
    private final String schema;
    private final String statementTimeout;
    private final int poolSize;
    /** Pings run here, so that a caller can stop waiting for one; one at a time, however many callers ask. */
    private final ExecutorService pings = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("database-ping").factory());
    private final AtomicReference<CompletableFuture<Boolean>> ping = new AtomicReference<>(CompletableFuture.completedFuture(true));

    private Database(HikariDataSource dataSource, DatabaseSettings settings) {
        this.dataSource = dataSource;
        this.jdbi = Jdbi.create(dataSource);
        this.schema = settings.schema();
        this.statementTimeout = settings.statementTimeout().toMillis() + "ms";
        this.poolSize = settings.poolSize();
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
        config.addDataSourceProperty("socketTimeout", String.valueOf(seconds(settings.statementTimeout()) * 2 + 1));
        // No session settings (connectionInitSql, currentSchema, options): a pooler in transaction mode would
        // refuse them or apply them to a server connection other clients share. See SCOPE_TRANSACTION.
        return new Database(new HikariDataSource(config), settings);
    }

    /** Applies the migrations that have not been applied yet, into the settings' schema. */
    public void migrate() {
        migrate(dataSource, schema);
    }

    /** Applies the migrations to any PostgreSQL data source, in the default schema. */
    public static void migrate(DataSource dataSource) {
        migrate(dataSource, DatabaseSettings.DEFAULT_SCHEMA);
    }

    /**
     * Applies the migrations to any PostgreSQL data source (tests use it on fresh databases). The tables,
     * views and Flyway's history go into the schema, which Flyway creates when it is absent and the role may
     * create schemas.
     */
    public static void migrate(DataSource dataSource, String schema) {
        try {
            Flyway.configure()
                    .dataSource(dataSource)
                    .locations(MIGRATIONS_LOCATION)
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
     * Runs work in one transaction scoped to the service's schema and statement timeout, translating database
     * failures as {@link DatabaseErrors} says. A single statement pays two short round trips for the scope
     * and the commit; in return it never depends on what an earlier client left on the server connection.
     */
    <T> T withHandle(Function<Handle, T> work) {
        return inTransaction(work);
    }

    /** Runs work in one scoped transaction, translating database failures as {@link DatabaseErrors} says. */
    <T> T inTransaction(Function<Handle, T> work) {
        try {
            return jdbi.inTransaction(handle -> {
                handle.createQuery(SCOPE_TRANSACTION)
                        .bind("schema", schema)
                        .bind("statementTimeout", statementTimeout)
                        .mapToMap()
                        .one();
                return work.apply(handle);
            });
        } catch (RuntimeException failure) {
            throw DatabaseErrors.translate(failure);
        }
    }

    /** The schema the service's tables live in. */
    public String schema() {
        return schema;
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
            return new PoolStatistics(0, 0, 0, 0, poolSize);
        }
        return new PoolStatistics(pool.getActiveConnections(), pool.getIdleConnections(),
                pool.getThreadsAwaitingConnection(), pool.getTotalConnections(), poolSize);
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

    private static long seconds(Duration duration) {
        return Math.max(1, (duration.toMillis() + 999) / 1000);
    }
}
