package dev.inquiries.web;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import dev.inquiries.persistence.Database;
import dev.inquiries.persistence.LoginTokenRepository;
import dev.inquiries.persistence.LoginTokenRepository.IssuedToken;
import dev.inquiries.persistence.UserRepository;
import dev.inquiries.persistence.testing.TestDatabase;
import dev.inquiries.persistence.testing.TestDatabases;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The HTTP tests' server: for one test class, a fresh test database (unless the class brings its own pool),
 * the service wired on it exactly as {@code serve} wires it, on a random port of localhost, and helpers to
 * arrange users, tokens and rows. Register it on a static field:
 * <pre>
 * &#64;RegisterExtension
 * static final ApiServerExtension API = ApiServerExtension.onTestDatabase();
 * </pre>
 * It starts before the class's {@code @BeforeAll} methods and stops after its {@code @AfterAll} ones:
 * server, pool, whatever the class asked to close, then the test database.
 */
final class ApiServerExtension implements BeforeAllCallback, AfterAllCallback {

    /** The endpoint under test. */
    static final String LIST = InquiriesServer.LIVECHAT_API + "/inquiries.list";

    /** Opens the service's pool, on the test database when there is one. */
    @FunctionalInterface
    interface PoolOpener {
        Database open(TestDatabase testDatabase) throws Exception;
    }

    private final boolean withTestDatabase;
    private final PoolOpener pool;
    private final List<AutoCloseable> closing = new ArrayList<>();
    /** application.yaml's settings, but no rate limit on the visitor endpoints: tests send many from one address. */
    private Settings settings = Settings.defaults().withVisitors(new Settings.VisitorSettings(0,
            Settings.defaults().visitors().rateWindow(), Settings.defaults().visitors().queueCap()));

    /** The server's server.max-concurrent-requests; 0: Helidon's default (none). */
    private int maxConcurrentRequests;
    private TestDatabase testDatabase;
    private Database database;
    private WebServer server;
    private RawHttp http;

    private ApiServerExtension(boolean withTestDatabase, PoolOpener pool) {
        this.withTestDatabase = withTestDatabase;
        this.pool = pool;
    }

    /** A fresh test database with the migrations applied, and the service's pool on it as {@code serve} opens it. */
    static ApiServerExtension onTestDatabase() {
        return new ApiServerExtension(true, TestDatabase::open);
    }

    /** A fresh test database, and a pool of the class's own on it (another size or timeouts, through a proxy). */
    static ApiServerExtension onTestDatabase(PoolOpener pool) {
        return new ApiServerExtension(true, pool);
    }

    /** No test database: the class's own pool (an unreachable database, a role of its own). */
    static ApiServerExtension on(Supplier<Database> pool) {
        return new ApiServerExtension(false, ignored -> pool.get());
    }

    /** Serves with settings changed from application.yaml's (which it starts from): {@code settings -> ...}. */
    ApiServerExtension settings(UnaryOperator<Settings> change) {
        settings = change.apply(settings);
        return this;
    }

    /** Serves with these sign-in settings instead of application.yaml's (a lower limit, no blocking at all). */
    ApiServerExtension signIn(Settings.SignInSettings signIn) {
        return settings(given -> given.withSignIn(signIn));
    }

    /** Serves with these live-queue settings instead of application.yaml's (a lower limit, a short heartbeat). */
    ApiServerExtension stream(Settings.StreamSettings stream) {
        return settings(given -> given.withStream(stream));
    }

    /** Serves with this server.max-concurrent-requests (the listener's and {@code RequestLimit}'s). */
    ApiServerExtension maxConcurrentRequests(int limit) {
        maxConcurrentRequests = limit;
        return this;
    }

    /** Also closes this when the server and pool are gone, before the test database (in the order given). */
    ApiServerExtension closing(AutoCloseable resource) {
        closing.add(resource);
        return this;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        close();
    }

    /** Starts it by hand, where no JUnit Jupiter lifecycle runs it (jqwik's). */
    void start() throws Exception {
        if (withTestDatabase) {
            testDatabase = TestDatabases.create();
        }
        database = pool.open(testDatabase);
        WebServerConfig.Builder builder = WebServer.builder().host("localhost").port(0);
        if (maxConcurrentRequests > 0) {
            builder.maxConcurrentRequests(maxConcurrentRequests);
        }
        InquiriesServer.configure(builder, database, settings);
        server = builder.build().start();
        http = new RawHttp(server.port());
    }

    /** Stops what {@link #start()} started, in reverse order. */
    void close() throws Exception {
        try {
            if (server != null) {
                server.stop();
            }
            if (database != null) {
                database.close();
            }
            for (AutoCloseable resource : closing) {
                resource.close();
            }
        } finally {
            if (testDatabase != null) {
                testDatabase.close();
            }
        }
    }

    int port() {
        return server.port();
    }

    /** A raw HTTP client of the server. */
    RawHttp http() {
        return http;
    }

    /** The service's own pool. */
    Database database() {
        return database;
    }

    /** The test database (only for {@link #onTestDatabase()}). */
    TestDatabase testDatabase() {
        if (testDatabase == null) {
            throw new IllegalStateException("This server has no test database");
        }
        return testDatabase;
    }

    /** The test database as its owner sees it, to arrange rows and inspect them. */
    Jdbi jdbi() {
        return testDatabase().jdbi();
    }

    /** A user holding the roles, with a fresh token: the headers to send. */
    List<String> loginWithRoles(String username, String... roles) {
        new UserRepository(database).add(username, null, List.of(roles));
        return headers(token(username));
    }

    /** A fresh token of an existing user. */
    IssuedToken token(String username) {
        return new LoginTokenRepository(database, settings.tokenLifetime()).create(username);
    }

    /** The headers that authenticate with the token. */
    static List<String> headers(IssuedToken token) {
        return List.of("X-User-Id: " + token.userId(), "X-Auth-Token: " + token.authToken());
    }

    ApiServerExtension department(String id, String name) {
        jdbi().useHandle(handle -> handle.execute("INSERT INTO departments (id, name) VALUES (?, ?)", id, name));
        return this;
    }

    ApiServerExtension inquiry(String id, String name, Instant ts, String status, String departmentId) {
        jdbi().useHandle(handle -> handle.execute(
                "INSERT INTO inquiries (id, rid, name, ts, status, department_id) VALUES (?, ?, ?, ?, ?, ?)",
                id, "room-" + id, name, ts, status, departmentId));
        return this;
    }

    /** The one number a query answers. */
    long count(String sql) {
        return jdbi().withHandle(handle -> handle.createQuery(sql).mapTo(Long.class).one());
    }
}
