package dev.inquiries.web;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.inquiries.domain.Paging;
import dev.inquiries.persistence.Database;
import dev.inquiries.persistence.LoginTokenRepository;
import dev.inquiries.persistence.LoginTokenRepository.IssuedToken;
import dev.inquiries.persistence.UserRepository;
import dev.inquiries.persistence.testing.TestDatabase;
import dev.inquiries.persistence.testing.TestDatabases;
import io.helidon.webserver.WebServerConfig;
import org.jdbi.v3.core.Jdbi;

/**
 * A fresh database for one HTTP test class, the service wired on it exactly as {@code serve} wires it,
 * and helpers to arrange users, tokens and rows.
 */
final class ApiFixture implements AutoCloseable {

    static final String LIST = InquiriesServer.LIVECHAT_API + "/inquiries.list";

    private final TestDatabase testDatabase;
    private final Database database;

    ApiFixture() {
        testDatabase = TestDatabases.create();
        database = testDatabase.open();
    }

    /** Configures the test server as {@code serve} would, with these paging rules. */
    void configure(WebServerConfig.Builder server, Paging paging) {
        InquiriesServer.configure(server, database, paging, Settings.defaults().tokenLifetime());
    }

    /** Configures the test server as {@code serve} would, with these paging rules and sign-in settings. */
    void configure(WebServerConfig.Builder server, Paging paging, Settings.SignInSettings signIn) {
        InquiriesServer.configure(server, database, paging, Settings.defaults().tokenLifetime(), signIn);
    }

    /** A user holding the roles, with a fresh token: the headers to send. */
    List<String> loginWithRoles(String username, String... roles) {
        new UserRepository(database).add(username, "secret " + username, List.of(roles));
        return headers(new LoginTokenRepository(database, Duration.ofDays(90)).create(username));
    }

    static List<String> headers(IssuedToken token) {
        return List.of("X-User-Id: " + token.userId(), "X-Auth-Token: " + token.authToken());
    }

    IssuedToken token(String username) {
        return new LoginTokenRepository(database, Duration.ofDays(90)).create(username);
    }

    /** The host and port of the test database's server. */
    String hostAndPort() {
        return testDatabase.hostAndPort();
    }

    /** The test database's URL through another host and port. */
    String urlThrough(String host, int port) {
        return testDatabase.urlThrough(host, port);
    }

    /** The JDBC URL of the test database. */
    String url() {
        return testDatabase.url();
    }

    /** The service's own pool on the test database. */
    Database database() {
        return database;
    }

    Jdbi jdbi() {
        return testDatabase.jdbi();
    }

    ApiFixture department(String id, String name) {
        jdbi().useHandle(handle -> handle.execute("INSERT INTO departments (id, name) VALUES (?, ?)", id, name));
        return this;
    }

    ApiFixture inquiry(String id, String name, Instant ts, String status, String departmentId) {
        jdbi().useHandle(handle -> handle.execute(
                "INSERT INTO inquiries (id, rid, name, ts, status, department_id) VALUES (?, ?, ?, ?, ?, ?)",
                id, "room-" + id, name, ts, status, departmentId));
        return this;
    }

    long count(String sql) {
        return jdbi().withHandle(handle -> handle.createQuery(sql).mapTo(Long.class).one());
    }

    @Override
    public void close() {
        database.close();
        testDatabase.close();
    }
}
