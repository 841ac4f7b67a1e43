package dev.inquiries.persistence.testing;

import java.io.File;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.inquiries.persistence.Database;
import dev.inquiries.persistence.DatabaseSettings;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.postgresql.ds.PGSimpleDataSource;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The one provider of test databases. It picks a server once per JVM, in this order:
 * <ol>
 *     <li>{@code TEST_DB_URL}: a JDBC URL of a server on which tests may create databases;</li>
 *     <li>Testcontainers' PostgreSQL module, when a Docker engine answers;</li>
 *     <li>the embedded PostgreSQL;</li>
 * </ol>
 * and fails, saying which of the three to provide, when none works. {@code TEST_DB_EMBEDDED=true} skips the
 * first two: the embedded PostgreSQL of the binaries on the class path (Maven property
 * {@code version.lib.zonky.binaries}) or nothing. Each call of {@link #create()} makes a new database on the
 * server and applies the real migrations into the schema {@code TEST_DB_SCHEMA} (default {@code public}).
 */
public final class TestDatabases {

    private static final Logger LOG = Logger.getLogger(TestDatabases.class.getName());
    private static final String CONTAINER_IMAGE = "postgres:17-alpine";

    private static PostgresServer server;
    private static String template;

    private TestDatabases() {
    }

    /**
     * A fresh database with the migrations applied in the test schema. Close it to drop it. It is a copy of a
     * database this JVM migrated once ({@code CREATE DATABASE ... TEMPLATE}): the same tables, functions, triggers
     * and rows as a run of the real migrations, without running them again (a copy took 0.1 s on this project's machine).
     */
    public static TestDatabase create() {
        PostgresServer chosen = server();
        String name = newName();
        execute(chosen, "CREATE DATABASE " + name + " TEMPLATE " + migratedTemplate(chosen));
        return new TestDatabase(chosen, name, schema());
    }

    /** A fresh database with nothing in it yet, for tests of the migrations themselves. */
    public static TestDatabase createEmpty() {
        PostgresServer chosen = server();
        String name = newName();
        execute(chosen, "CREATE DATABASE " + name);
        return new TestDatabase(chosen, name, schema());
    }

    /**
     * The database {@link #create()} copies: made and migrated on first use, then closed to connections (so that
     * no session, autovacuum's included, keeps a copy from starting), and dropped when the JVM exits.
     */
    private static synchronized String migratedTemplate(PostgresServer chosen) {
        if (template == null) {
            TestDatabase migrated = createEmpty();
            PGSimpleDataSource dataSource = new PGSimpleDataSource();
            dataSource.setURL(migrated.serviceUrl());
            Database.migrate(dataSource, migrated.schema());
            execute(chosen, "ALTER DATABASE " + migrated.name() + " WITH ALLOW_CONNECTIONS false");
            template = migrated.name();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> dropQuietly(chosen, migrated.name()),
                    "drop-test-template"));
        }
        return template;
    }

    private static void dropQuietly(PostgresServer chosen, String name) {
        try {
            execute(chosen, "DROP DATABASE IF EXISTS " + name);
        } catch (IllegalStateException gone) {
            // The server stopped first (the embedded one has a shutdown hook of its own): nothing left to drop.
        }
    }

    private static String newName() {
        return "inquiries_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }

    private static void execute(PostgresServer chosen, String sql) {
        try (Connection admin = DriverManager.getConnection(chosen.urlOf("postgres"));
             Statement statement = admin.createStatement()) {
            statement.execute(sql);
        } catch (SQLException failure) {
            throw new IllegalStateException("Could not run " + sql + " on " + chosen.description()
                    + ": " + failure.getMessage(), failure);
        }
    }

    /** The schema tests put the service's tables in: {@code TEST_DB_SCHEMA}, or {@code public}. */
    public static String schema() {
        return DatabaseSettings.validSchema(environment("TEST_DB_SCHEMA").orElse(DatabaseSettings.DEFAULT_SCHEMA));
    }

    /** Drops a role made on the test server, once the databases holding its objects are dropped. */
    public static void dropRole(String role) {
        try (Connection admin = DriverManager.getConnection(server().urlOf("postgres"));
             Statement statement = admin.createStatement()) {
            statement.execute("DROP ROLE IF EXISTS " + role);
        } catch (SQLException failure) {
            throw new IllegalStateException("Could not drop test role " + role, failure);
        }
    }

    private static synchronized PostgresServer server() {
        if (server == null) {
            server = choose();
            LOG.info("Test databases live on " + server.description() + ": PostgreSQL " + versionOf(server)
                    + ", schema " + schema());
        }
        return server;
    }

    private static PostgresServer choose() {
        if (environment("TEST_DB_EMBEDDED").filter(Boolean::parseBoolean).isPresent()) {
            try {
                return fromEmbedded();
            } catch (Exception failure) {
                throw new IllegalStateException("TEST_DB_EMBEDDED is set but the embedded PostgreSQL failed to start: "
                        + failure.getMessage(), failure);
            }
        }
        Optional<String> configured = environment("TEST_DB_URL");
        if (configured.isPresent()) {
            return fromUrl(configured.get());
        }
        StringBuilder reasons = new StringBuilder();
        try {
            if (DockerClientFactory.instance().isDockerAvailable()) {
                return fromContainer();
            }
            reasons.append("no Docker engine answered");
        } catch (RuntimeException | LinkageError failure) {
            reasons.append("Testcontainers failed: ").append(failure.getMessage());
        }
        try {
            return fromEmbedded();
        } catch (Exception failure) {
            reasons.append("; the embedded PostgreSQL failed: ").append(failure.getMessage());
        }
        throw new IllegalStateException("No PostgreSQL for the tests (" + reasons + "). Provide one of: "
                + "TEST_DB_URL (a JDBC URL, with user and password, of a server where tests may create databases), "
                + "a running Docker engine (for Testcontainers), or a machine where the embedded PostgreSQL starts "
                + "(run the tests as a non-root user).");
    }

    /**
     * The URL of the test database through the PgBouncer of {@code PGBOUNCER_URL} (a JDBC URL of any database
     * behind it, with user and password): its host, port and parameters, this database.
     *
     * @throws IllegalStateException when {@code PGBOUNCER_URL} is not set, so that a run meant to go through
     *                               PgBouncer fails rather than passes without it
     */
    public static String urlThroughPgBouncer(TestDatabase database) {
        String pgbouncer = environment("PGBOUNCER_URL").orElseThrow(() -> new IllegalStateException(
                "PGBOUNCER_URL is not set: the tests tagged pgbouncer need a PgBouncer in transaction mode in front of "
                        + "the test PostgreSQL (see .ci/run)"));
        Matcher parts = urlParts(pgbouncer, "PGBOUNCER_URL");
        return parts.group(1) + "/" + database.name() + (parts.group(3) == null ? "" : "?" + parts.group(3));
    }

    /**
     * The URL of a database on the hot standby of {@code STANDBY_DB_URL} (a JDBC URL of any database on a streaming
     * standby of the test server, with user and password): its host, port and parameters, that database.
     *
     * @throws IllegalStateException when {@code STANDBY_DB_URL} is not set, so that a run meant to read from a
     *                               standby fails rather than passes without it
     */
    public static String urlOnStandby(String database) {
        Matcher parts = standbyUrlParts();
        return parts.group(1) + "/" + database + (parts.group(3) == null ? "" : "?" + parts.group(3));
    }

    /** As {@link #urlOnStandby(String)}, for another role: {@code STANDBY_DB_URL}'s parameters without its credentials. */
    public static String urlOnStandby(String database, String role, String password) {
        Matcher parts = standbyUrlParts();
        List<String> parameters = new ArrayList<>(withoutCredentials(parts.group(3)));
        parameters.add("user=" + role);
        parameters.add("password=" + password);
        return parts.group(1) + "/" + database + "?" + String.join("&", parameters);
    }

    private static Matcher standbyUrlParts() {
        String standby = environment("STANDBY_DB_URL").orElseThrow(() -> new IllegalStateException(
                "STANDBY_DB_URL is not set: the tests tagged standby need a streaming hot standby of the test PostgreSQL "
                        + "(see .ci/run and the README's \"Reports from a standby\")"));
        return urlParts(standby, "STANDBY_DB_URL");
    }

    private static List<String> withoutCredentials(String query) {
        List<String> parameters = query == null ? List.of() : List.of(query.split("&"));
        return parameters.stream()
                .filter(parameter -> !parameter.startsWith("user=") && !parameter.startsWith("password="))
                .toList();
    }

    private static Matcher urlParts(String url, String variable) {
        Matcher parts = Pattern.compile("^(jdbc:postgresql://[^/?]*)(?:/([^?]*))?(?:\\?(.*))?$").matcher(url);
        if (!parts.matches()) {
            throw new IllegalStateException(variable + " is not a PostgreSQL JDBC URL: jdbc:postgresql://host:port/db?user=...");
        }
        return parts;
    }

    private static PostgresServer fromUrl(String url) {
        Matcher parts = urlParts(url, "TEST_DB_URL");
        String base = parts.group(1);
        List<String> parameters = parts.group(3) == null ? List.of() : List.of(parts.group(3).split("&"));
        List<String> withoutCredentials = withoutCredentials(parts.group(3));
        return new PostgresServer() {
            @Override
            public String description() {
                return "TEST_DB_URL (" + base + ")";
            }

            @Override
            public String urlOf(String database) {
                return base + "/" + database + (parameters.isEmpty() ? "" : "?" + String.join("&", parameters));
            }

            @Override
            public String urlOf(String database, String role, String password) {
                List<String> own = new ArrayList<>(withoutCredentials);
                own.add("user=" + role);
                own.add("password=" + password);
                return base + "/" + database + "?" + String.join("&", own);
            }
        };
    }

    @SuppressWarnings("resource") // the container lives as long as the JVM; Testcontainers reaps it.
    private static PostgresServer fromContainer() {
        PostgreSQLContainer container = new PostgreSQLContainer(CONTAINER_IMAGE);
        container.start();
        String base = "jdbc:postgresql://" + container.getHost() + ":" + container.getMappedPort(5432);
        String credentials = "?user=" + container.getUsername() + "&password=" + container.getPassword();
        return new PostgresServer() {
            @Override
            public String description() {
                return "a Testcontainers " + CONTAINER_IMAGE + " container";
            }

            @Override
            public String urlOf(String database) {
                return base + "/" + database + credentials;
            }

            @Override
            public String urlOf(String database, String role, String password) {
                return base + "/" + database + "?user=" + role + "&password=" + password;
            }
        };
    }

    private static PostgresServer fromEmbedded() throws Exception {
        // Binaries per user: a directory another user extracted them to is not writable for this one.
        File binaries = new File(System.getProperty("java.io.tmpdir"), "embedded-pg-" + System.getProperty("user.name"));
        // The builder registers a shutdown hook that stops the cluster and deletes its directory.
        EmbeddedPostgres embedded = EmbeddedPostgres.builder()
                .setOverrideWorkingDirectory(binaries)
                .setLocaleConfig("locale", "C")
                .start();
        return new PostgresServer() {
            @Override
            public String description() {
                return "an embedded PostgreSQL on port " + embedded.getPort();
            }

            @Override
            public String urlOf(String database) {
                return embedded.getJdbcUrl("postgres", database.toLowerCase(Locale.ROOT));
            }

            @Override
            public String urlOf(String database, String role, String password) {
                return embedded.getJdbcUrl(role, database.toLowerCase(Locale.ROOT)) + "&password=" + password;
            }
        };
    }

    private static String versionOf(PostgresServer chosen) {
        try (Connection admin = DriverManager.getConnection(chosen.urlOf("postgres"));
             Statement statement = admin.createStatement();
             ResultSet version = statement.executeQuery("SHOW server_version")) {
            version.next();
            return version.getString(1);
        } catch (SQLException failure) {
            throw new IllegalStateException("Could not reach the test PostgreSQL on " + chosen.description()
                    + ": " + failure.getMessage(), failure);
        }
    }

    private static Optional<String> environment(String name) {
        return Optional.ofNullable(System.getenv(name)).map(String::strip).filter(value -> !value.isEmpty());
    }
}
