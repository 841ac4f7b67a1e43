package dev.inquiries.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.inquiries.domain.Roles;
import dev.inquiries.persistence.Database;
import dev.inquiries.persistence.DatabaseSettings.Pooler;
import dev.inquiries.persistence.testing.TestDatabase;
import dev.inquiries.persistence.testing.TestDatabases;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The API served through a PgBouncer in transaction mode, configured as the README says ({@code DB_POOLER =
 * transaction}, which turns off named server-side statements unless the URL turns them on): migrations,
 * authentication and the list, many times and from many clients.
 * Needs {@code PGBOUNCER_URL} (see {@code .ci/run}); runs with {@code -Ppgbouncer}.
 */
@Tag("pgbouncer")
class ApiThroughPgBouncerTest {

    private static final String SCHEMA = "inquiries";
    private static final String PAGE = """
            {"inquiries":[{"_id":"q2","rid":"r2","name":"Bo","ts":"2024-01-02T10:00:00.000Z","status":"queued"},\
            {"_id":"q1","rid":"r1","name":"Ada","ts":"2024-01-01T10:00:00.000Z","status":"queued","department":"d1"}],\
            "offset":0,"count":2,"total":2,"success":true}""";

    private static TestDatabase testDatabase;
    private static List<String> manager;

    /** The server's pool goes through PgBouncer to an empty database, migrated through it too. */
    @RegisterExtension
    static final ApiServerExtension API = ApiServerExtension.on(ApiThroughPgBouncerTest::migratedThroughPgBouncer)
            .closing(() -> testDatabase.close());

    private final RawHttp http = API.http();

    private static Database migratedThroughPgBouncer() {
        testDatabase = TestDatabases.createEmpty();
        Settings settings = Settings.from(Config.just(ConfigSources.create(Map.of(
                "db.url", TestDatabases.urlThroughPgBouncer(testDatabase), "db.schema", SCHEMA, "db.pooler", "transaction"))));
        assertThat(settings.database().existing().orElseThrow().pooler()).isEqualTo(Pooler.TRANSACTION);
        Database database = Database.connect(settings.database().existing().orElseThrow());
        database.migrate();
        return database;
    }

    @BeforeAll
    static void arrange() {
        manager = API.loginWithRoles("maria", Roles.LIVECHAT_MANAGER);
        Jdbi.create(testDatabase.serviceUrl()).useHandle(handle -> {
            handle.execute("INSERT INTO inquiries.departments (id, name) VALUES ('d1', 'Sales')");
            handle.execute("INSERT INTO inquiries.inquiries (id, rid, name, ts, status, department_id) VALUES (?, ?, ?, ?, ?, ?)",
                    "q1", "r1", "Ada", Instant.parse("2024-01-01T10:00:00Z"), "queued", "d1");
            handle.execute("INSERT INTO inquiries.inquiries (id, rid, name, ts, status) VALUES (?, ?, ?, ?, ?)",
                    "q2", "r2", "Bo", Instant.parse("2024-01-02T10:00:00Z"), "queued");
        });
    }

    @Test
    void listsThroughPgBouncerAgainAndAgain() {
        for (int i = 0; i < 25; i++) {
            RawHttp.Response response = http.get(ApiServerExtension.LIST, manager);

            assertThat(response.status()).as("request %d: %s", i, response.body()).isEqualTo(200);
            assertThat(response.body()).isEqualTo(PAGE);
        }
    }

    @Test
    void listsThroughPgBouncerForManyClientsAtOnce() throws Exception {
        List<String> targets = List.of(ApiServerExtension.LIST, ApiServerExtension.LIST + "?department=Sales",
                ApiServerExtension.LIST + "?sort=%7B%22name%22%3A1%7D", ApiServerExtension.LIST + "?count=1&offset=1");
        List<Future<RawHttp.Response>> responses = new ArrayList<>();
        try (ExecutorService clients = Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < 80; i++) {
                String target = targets.get(i % targets.size());
                responses.add(clients.submit(() -> http.get(target, manager)));
            }
        }

        for (Future<RawHttp.Response> response : responses) {
            assertThat(response.get().status()).as(response.get().body()).isEqualTo(200);
        }
        assertThat(http.get(targets.get(1), manager).body()).contains("\"total\":1");
    }

    @Test
    void refusesAWrongTokenThroughPgBouncer() {
        RawHttp.Response response = http.get(ApiServerExtension.LIST, List.of(manager.get(0), "X-Auth-Token: wrong"));

        assertThat(response.status()).isEqualTo(401);
    }
}
