package dev.inquiries.persistence;

import java.time.Duration;
import java.util.function.Function;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
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

    private Database(HikariDataSource dataSource, DatabaseSettings settings) {
        this.dataSource = dataSource;
        this.jdbi = Jdbi.create(dataSource);
        this.schema = settings.schema();
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

    /** The pool, for health checks and metrics. */
    public DataSource dataSource() {
        return dataSource;
    }

    @Override
    public void close() {
        dataSource.close();
    }

    private static long seconds(Duration duration) {
        return Math.max(1, (duration.toMillis() + 999) / 1000);
    }
}
