package dev.inquiries.persistence;

import java.time.Duration;
import java.util.Properties;
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
 */
public final class Database implements AutoCloseable {

    /** Where the migrations jar keeps its versioned SQL. */
    public static final String MIGRATIONS_LOCATION = "classpath:db/migration";

    private final DatabaseSettings settings;
    private final HikariDataSource dataSource;
    private final Jdbi jdbi;

    private Database(DatabaseSettings settings, HikariDataSource dataSource) {
        this.settings = settings;
        this.dataSource = dataSource;
        this.jdbi = Jdbi.create(dataSource);
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
        config.setConnectionInitSql("SET statement_timeout = " + settings.statementTimeout().toMillis());
        return new Database(settings, new HikariDataSource(config));
    }

    /**
     * Applies the migrations that have not been applied yet, on a connection of its own without the
     * request timeouts (an index on a large table may take minutes; each migration sets its own
     * lock_timeout instead).
     */
    public void migrate() {
        try {
            Flyway.configure()
                    .dataSource(settings.url(), settings.username(), settings.password())
                    .locations(MIGRATIONS_LOCATION)
                    .load()
                    .migrate();
        } catch (RuntimeException failure) {
            throw DatabaseErrors.translate(failure);
        }
    }

    /** Applies the migrations to any PostgreSQL data source (tests use it on fresh databases). */
    public static void migrate(DataSource dataSource) {
        try {
            Flyway.configure()
                    .dataSource(dataSource)
                    .locations(MIGRATIONS_LOCATION)
                    .load()
                    .migrate();
        } catch (RuntimeException failure) {
            throw DatabaseErrors.translate(failure);
        }
    }

    /** Runs work on one connection, translating database failures as {@link DatabaseErrors} says. */
    <T> T withHandle(Function<Handle, T> work) {
        try {
            return jdbi.withHandle(work::apply);
        } catch (RuntimeException failure) {
            throw DatabaseErrors.translate(failure);
        }
    }

    /**
     * Runs bulk work (loading demo data) in one transaction on a connection of its own, outside the pool
     * and without the request timeouts.
     */
    <T> T inMaintenanceTransaction(Function<Handle, T> work) {
        Properties properties = new Properties();
        if (settings.username() != null) {
            properties.setProperty("user", settings.username());
        }
        if (settings.password() != null) {
            properties.setProperty("password", settings.password());
        }
        properties.setProperty("ApplicationName", "inquiries-maintenance");
        properties.setProperty("connectTimeout", String.valueOf(seconds(settings.connectionTimeout())));
        try {
            return Jdbi.create(settings.url(), properties).inTransaction(work::apply);
        } catch (RuntimeException failure) {
            throw DatabaseErrors.translate(failure);
        }
    }

    /** Runs work in one transaction, translating database failures as {@link DatabaseErrors} says. */
    <T> T inTransaction(Function<Handle, T> work) {
        try {
            return jdbi.inTransaction(work::apply);
        } catch (RuntimeException failure) {
            throw DatabaseErrors.translate(failure);
        }
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
