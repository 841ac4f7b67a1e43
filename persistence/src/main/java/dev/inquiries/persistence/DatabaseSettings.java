package dev.inquiries.persistence;

import java.time.Duration;
import java.util.Objects;

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
 */
public record DatabaseSettings(String url,
                               String username,
                               String password,
                               int poolSize,
                               Duration connectionTimeout,
                               Duration statementTimeout) {

    /** A small pool suits a machine of a few cores: PostgreSQL does the work, not the pool. */
    public static final int DEFAULT_POOL_SIZE = 8;
    public static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(2);
    public static final Duration DEFAULT_STATEMENT_TIMEOUT = Duration.ofSeconds(3);

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
    }

    /** Settings with the default pool and timeouts. */
    public static DatabaseSettings of(String url, String username, String password) {
        return new DatabaseSettings(url, username, password, DEFAULT_POOL_SIZE,
                DEFAULT_CONNECTION_TIMEOUT, DEFAULT_STATEMENT_TIMEOUT);
    }

    @Override
    public String toString() {
        return "DatabaseSettings[url=" + url + ", username=" + username + ", poolSize=" + poolSize + "]";
    }
}
