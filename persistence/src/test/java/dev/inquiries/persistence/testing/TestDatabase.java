package dev.inquiries.persistence.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.inquiries.persistence.Database;
import dev.inquiries.persistence.DatabaseSettings;
import org.jdbi.v3.core.ConnectionFactory;
import org.jdbi.v3.core.Jdbi;

/**
 * A fresh database for one test class, its tables in one schema. Closing it drops it.
 */
public final class TestDatabase implements AutoCloseable {

    private static final Pattern URL_PARTS = Pattern.compile("^(jdbc:postgresql://)([^/]+)(/.*)$");

    private static final int DROP_ATTEMPTS = 20;
    private static final long DROP_RETRY_MILLIS = 250;

    private final PostgresServer server;
    private final String name;
    private final String schema;
    private HikariDataSource sessions;

    TestDatabase(PostgresServer server, String name, String schema) {
        this.server = server;
        this.name = name;
        this.schema = schema;
    }

    /**
     * The JDBC URL of this database for plain JDBC tools: administrator's credentials, and the test schema
     * as the search path ({@code currentSchema}).
     */
    public String url() {
        return withParameter(server.urlOf(name), "currentSchema=" + schema);
    }

    /** The URL the service is given: administrator's credentials and no search path (the service sets its own). */
    public String serviceUrl() {
        return server.urlOf(name);
    }

    /** The URL of this database for another role, with no search path. */
    public String urlAs(String role, String password) {
        return server.urlOf(name, role, password);
    }

    /** The host and port of the server, as {@code host:port}. */
    public String hostAndPort() {
        String url = serviceUrl();
        Matcher parts = URL_PARTS.matcher(url);
        if (!parts.matches()) {
            throw new IllegalStateException("Unexpected test database URL " + url);
        }
        return parts.group(2);
    }

    /**
     * The URL of this database reached through another host and port (a proxy in front of the server), as
     * {@link #url()} has it.
     */
    public String urlThrough(String host, int port) {
        String url = url();
        Matcher parts = URL_PARTS.matcher(url);
        if (!parts.matches()) {
            throw new IllegalStateException("Unexpected test database URL " + url);
        }
        return parts.group(1) + host + ":" + port + parts.group(3);
    }

    /** The database's name. */
    public String name() {
        return name;
    }

    /** The schema the service's tables are in. */
    public String schema() {
        return schema;
    }

    /** Settings to open the service's own pool on this database, in its schema. */
    public DatabaseSettings settings() {
        return TestSettings.database(serviceUrl()).inSchema(schema);
    }

    /** Opens the service's own pool on this database. */
    public Database open() {
        return Database.connect(settings());
    }

    /**
     * Jdbi searching the test schema, for arranging data and checking it behind the service's back. Its handles
     * borrow from a small pool of this database's own (a new session for each would cost a backend's start and a
     * password exchange, tens of milliseconds, on every arranged row and every poll of an await) and leave their
     * session as they found it: {@code DISCARD ALL} (role, settings, locks, LISTEN, prepared statements) when given
     * back, so that no handle sees another's session state.
     */
    public Jdbi jdbi() {
        return Jdbi.create(new ConnectionFactory() {
            @Override
            public Connection openConnection() throws SQLException {
                return sessions().getConnection();
            }

            @Override
            public void closeConnection(Connection connection) throws SQLException {
                try {
                    if (!connection.isClosed()) {
                        if (!connection.getAutoCommit()) {
                            connection.rollback();
                            connection.setAutoCommit(true);
                        }
                        try (Statement reset = connection.createStatement()) {
                            reset.execute("DISCARD ALL");
                        }
                    }
                } catch (SQLException broken) {
                    sessions().evictConnection(connection);
                } finally {
                    connection.close();
                }
            }
        });
    }

    private synchronized HikariDataSource sessions() {
        if (sessions == null) {
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl(url());
            config.setPoolName("test-" + name);
            // As many at once as the tests' racing threads (up to 17): a pool must not serialise a race.
            config.setMaximumPoolSize(24);
            config.setMinimumIdle(0);
            config.setIdleTimeout(10_000);
            sessions = new HikariDataSource(config);
        }
        return sessions;
    }

    /**
     * Drops the database, its sessions with it. A session the test role may not end (an autovacuum worker
     * that PostgreSQL started on the fresh database, SQLSTATE 42501) ends by itself soon: the drop is tried
     * again for a few seconds.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (sessions != null) {
                sessions.close();
            }
        }
        SQLException last = null;
        for (int attempt = 0; attempt < DROP_ATTEMPTS; attempt++) {
            try (Connection admin = DriverManager.getConnection(server.urlOf("postgres"));
                 Statement statement = admin.createStatement()) {
                statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
                return;
            } catch (SQLException failure) {
                if (!"42501".equals(failure.getSQLState())) {
                    throw new IllegalStateException("Could not drop test database " + name, failure);
                }
                last = failure;
                try {
                    Thread.sleep(DROP_RETRY_MILLIS);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        throw new IllegalStateException("Could not drop test database " + name, last);
    }

    static String withParameter(String url, String parameter) {
        return url + (url.contains("?") ? "&" : "?") + parameter;
    }
}
