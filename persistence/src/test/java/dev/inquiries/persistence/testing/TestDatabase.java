package dev.inquiries.persistence.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.inquiries.persistence.Database;
import dev.inquiries.persistence.DatabaseSettings;
import org.jdbi.v3.core.Jdbi;

/**
 * A fresh database with the real migrations applied, for one test class. Closing it drops it.
 */
public final class TestDatabase implements AutoCloseable {

    private static final Pattern URL_PARTS = Pattern.compile("^(jdbc:postgresql://)([^/]+)(/.*)$");

    private final PostgresServer server;
    private final String name;
    private final String url;

    TestDatabase(PostgresServer server, String name) {
        this.server = server;
        this.name = name;
        this.url = server.urlOf(name);
    }

    /** The JDBC URL of this database, carrying the credentials. */
    public String url() {
        return url;
    }

    /** The host and port of the server, as {@code host:port}. */
    public String hostAndPort() {
        Matcher parts = URL_PARTS.matcher(url);
        if (!parts.matches()) {
            throw new IllegalStateException("Unexpected test database URL " + url);
        }
        return parts.group(2);
    }

    /** The URL of this database reached through another host and port (a proxy in front of the server). */
    public String urlThrough(String host, int port) {
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

    /** Settings to open the service's own pool on this database. */
    public DatabaseSettings settings() {
        return DatabaseSettings.of(url, null, null);
    }

    /** Opens the service's own pool on this database. */
    public Database open() {
        return Database.connect(settings());
    }

    /** Plain Jdbi without a pool, for arranging data and checking it behind the service's back. */
    public Jdbi jdbi() {
        return Jdbi.create(url);
    }

    @Override
    public void close() {
        try (Connection admin = DriverManager.getConnection(server.urlOf("postgres"));
             Statement statement = admin.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException failure) {
            throw new IllegalStateException("Could not drop test database " + name, failure);
        }
    }
}
