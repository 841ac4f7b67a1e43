package dev.inquiries.persistence;

import java.time.Duration;
import java.util.Objects;
import java.util.Properties;
import java.util.regex.Pattern;

import org.postgresql.Driver;

/**
 * How to reach PostgreSQL and how much of it to use.
 *
 * @param url               a JDBC URL, e.g. {@code jdbc:postgresql://localhost:5432/inquiries}
 * @param username          the role to connect as, or {@code null} to take it from the URL
 * @param password          its password, or {@code null} to take it from the URL
 * @param poolSize          the most connections held at once
 * @param connectionTimeout how long a request waits for a connection before the database counts as
 *                          unavailable
 * @param statementTimeout  how long one statement may run before PostgreSQL cancels it
 * @param schema            the schema that holds the service's tables, views and migration history
 * @param pooler            what sits between the service and PostgreSQL
 */
public record DatabaseSettings(String url,
                               String username,
                               String password,
                               int poolSize,
                               Duration connectionTimeout,
                               Duration statementTimeout,
                               String schema,
                               Pooler pooler) {

    /**
     * PostgreSQL's own default schema, for tools and tests that take no setting. The service's default
     * ({@code db.schema}), like every other default, is in web's {@code application.yaml}.
     */
    public static final String DEFAULT_SCHEMA = "public";

    /**
     * Schema names the service accepts: PostgreSQL's unquoted identifiers, lower case. They read the same
     * in a search path, in Flyway's configuration and in an analyst's query, with no quoting anywhere.
     */
    private static final Pattern SCHEMA_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    /** What sits between the service and PostgreSQL ({@code db.pooler}). */
    public enum Pooler {
        /** Nothing, or a pooler in session mode: each connection of the pool is a session of its own. */
        NONE,
        /** A pooler in transaction mode (PgBouncer {@code pool_mode = transaction}): sessions are shared. */
        TRANSACTION
    }

    public DatabaseSettings {
        Objects.requireNonNull(url, "url");
        if (!url.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("The database URL must be a PostgreSQL JDBC URL (jdbc:postgresql://...)");
        }
        if (poolSize < 1) {
            throw new IllegalArgumentException("The pool size must be at least 1, not " + poolSize);
        }
        Objects.requireNonNull(connectionTimeout, "connectionTimeout");
        Objects.requireNonNull(statementTimeout, "statementTimeout");
        validSchema(schema);
        Objects.requireNonNull(pooler, "pooler");
    }

    /** Settings in the default schema, straight on PostgreSQL. */
    public DatabaseSettings(String url, String username, String password, int poolSize, Duration connectionTimeout,
                            Duration statementTimeout) {
        this(url, username, password, poolSize, connectionTimeout, statementTimeout, DEFAULT_SCHEMA, Pooler.NONE);
    }

    /**
     * The name, when it is one the service accepts for its schema.
     *
     * @throws IllegalArgumentException when it is not
     */
    public static String validSchema(String schema) {
        Objects.requireNonNull(schema, "schema");
        if (!isValidSchema(schema)) {
            throw new IllegalArgumentException("The schema name must be a lower-case PostgreSQL identifier "
                    + "(letters, digits, underscores; not starting with pg_), not \"" + schema + "\"");
        }
        return schema;
    }

    /** Whether the name is one the service accepts for its schema. */
    public static boolean isValidSchema(String schema) {
        return SCHEMA_NAME.matcher(schema).matches() && !schema.startsWith("pg_");
    }

    /** The same settings in another schema. */
    public DatabaseSettings inSchema(String otherSchema) {
        return new DatabaseSettings(url, username, password, poolSize, connectionTimeout, statementTimeout, otherSchema,
                pooler);
    }

    /** The host of the URL (the hosts, comma-separated, of a URL that names several). */
    public String host() {
        return parsedUrl().getProperty("PGHOST", "localhost");
    }

    /** Where the URL points, as {@code host:port/database}, for messages. */
    public String hostPortAndDatabase() {
        Properties parts = parsedUrl();
        return parts.getProperty("PGHOST", "localhost") + ":" + parts.getProperty("PGPORT", "5432") + "/"
                + parts.getProperty("PGDBNAME", "");
    }

    /**
     * The role the driver connects as: the username of the settings, else the URL's {@code user=}, else (as
     * the driver does) the name of the operating-system user.
     */
    public String user() {
        if (username != null) {
            return username;
        }
        return parsedUrl().getProperty("user", System.getProperty("user.name"));
    }

    private Properties parsedUrl() {
        Properties parts = Driver.parseURL(url, new Properties());
        return parts == null ? new Properties() : parts;
    }

    /** The URL without its parameters, which may carry a password: what may appear in a log line. */
    public String redactedUrl() {
        int parameters = url.indexOf('?');
        return parameters < 0 ? url : url.substring(0, parameters) + "?...";
    }

    @Override
    public String toString() {
        return "DatabaseSettings[url=" + redactedUrl() + ", username=" + username + ", poolSize=" + poolSize
                + ", schema=" + schema + ", pooler=" + pooler + "]";
    }
}
