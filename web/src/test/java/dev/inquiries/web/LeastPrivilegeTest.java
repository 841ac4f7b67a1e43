package dev.inquiries.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.inquiries.domain.Roles;
import dev.inquiries.persistence.Database;
import dev.inquiries.persistence.testing.TestSettings;
import dev.inquiries.persistence.testing.ReadmeSql;
import dev.inquiries.persistence.testing.TestDatabase;
import dev.inquiries.persistence.testing.TestDatabases;
import dev.inquiries.web.cli.InquiriesCommand;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The README's least-privilege SQL, run as written: the role it makes migrates an empty database and
 * serves the API, and can do nothing beyond its own schema.
 */
class LeastPrivilegeTest {

    private static final String SCHEMA = "inquiries";

    private static TestDatabase testDatabase;
    private static String role;
    private static String password;
    private static String migrateOutput;
    private static List<String> manager;

    /** The server's pool is the role's, on an empty database the role migrated itself. */
    @RegisterExtension
    static final ApiServerExtension API = ApiServerExtension.on(LeastPrivilegeTest::migratedAsTheRole).closing(() -> {
        testDatabase.close();
        TestDatabases.dropRole(role);
    });

    private final RawHttp http = API.http();

    private static Database migratedAsTheRole() {
        testDatabase = TestDatabases.createEmpty();
        role = "least_privileged_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        password = UUID.randomUUID().toString();
        try (Connection admin = DriverManager.getConnection(testDatabase.serviceUrl());
             Statement statement = admin.createStatement()) {
            statement.execute(readmeSql());
        } catch (SQLException failure) {
            throw new IllegalStateException(failure);
        }
        migrateOutput = migrateAsTheRole();
        return Database.connect(TestSettings.database(roleUrl()).inSchema(SCHEMA));
    }

    @BeforeAll
    static void arrange() {
        manager = API.loginWithRoles("maria", Roles.LIVECHAT_MANAGER);
        roleJdbi().useHandle(handle -> {
            handle.execute("INSERT INTO departments (id, name) VALUES ('d1', 'Sales')");
            handle.execute("INSERT INTO inquiries (id, rid, name, ts, status, department_id) VALUES (?, ?, ?, ?, ?, ?)",
                    "q1", "r1", "Ada", Instant.parse("2024-01-01T10:00:00Z"), "queued", "d1");
        });
    }

    @Test
    void makesARoleThatIsNoSuperuserAndMayCreateNoDatabasesOrRoles() {
        Map<String, Object> attributes = adminJdbi().withHandle(handle -> handle.createQuery(
                        "SELECT rolsuper, rolcreatedb, rolcreaterole, rolcanlogin FROM pg_roles WHERE rolname = :role")
                .bind("role", role)
                .mapToMap()
                .one());

        assertThat(attributes).containsEntry("rolsuper", false).containsEntry("rolcreatedb", false)
                .containsEntry("rolcreaterole", false).containsEntry("rolcanlogin", true);
    }

    @Test
    void migratesAsTheRoleIntoItsSchemaOnly() {
        List<String> ownedElsewhere = adminJdbi().withHandle(handle -> handle.createQuery("""
                        SELECT n.nspname || '.' || c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                         WHERE pg_get_userbyid(c.relowner) = :role AND n.nspname NOT IN (:schema, 'pg_toast')""")
                .bind("role", role)
                .bind("schema", SCHEMA)
                .mapTo(String.class)
                .list());
        List<String> tables = adminJdbi().withHandle(handle -> handle.createQuery("""
                        SELECT tablename FROM pg_tables WHERE schemaname = :schema AND tableowner = :role""")
                .bind("role", role)
                .bind("schema", SCHEMA)
                .mapTo(String.class)
                .list());

        assertThat(migrateOutput).isEqualTo("The database schema is up to date.\n");
        assertThat(tables).contains("departments", "inquiries", "users", "login_tokens", "flyway_schema_history");
        assertThat(ownedElsewhere).isEmpty();
    }

    @Test
    void servesTheListAsTheRole() {
        RawHttp.Response response = http.get(ApiServerExtension.LIST, manager);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("""
                {"inquiries":[{"_id":"q1","rid":"r1","name":"Ada","ts":"2024-01-01T10:00:00.000Z","status":"queued",\
                "department":"d1"}],"offset":0,"count":1,"total":1,"success":true}""");
    }

    @Test
    void cannotCreateASchemaOfItsOwn() {
        assertThatThrownBy(() -> roleJdbi().useHandle(handle -> handle.execute("CREATE SCHEMA elsewhere")))
                .hasMessageContaining("permission denied");
    }

    /** The README's block, with the example names replaced by this test's. */
    private static String readmeSql() {
        String ours = ReadmeSql.block("least-privilege-sql")
                .replace("inquiries_app", role)
                .replace("DATABASE support", "DATABASE " + testDatabase.name())
                .replace("'change-me'", "'" + password + "'");
        assertThat(ours).doesNotContain("support", "change-me", "inquiries_app").contains("SCHEMA " + SCHEMA + " ");
        return ours;
    }

    private static String migrateAsTheRole() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var commandLine = InquiriesCommand.commandLine(() -> Settings.from(Config.just(ConfigSources.create(Map.of(
                "db.url", roleUrl(), "db.schema", SCHEMA)))));
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        int exitCode = commandLine.execute("migrate");
        assertThat(err.toString()).isEmpty();
        assertThat(exitCode).isZero();
        return out.toString();
    }

    private static String roleUrl() {
        return testDatabase.urlAs(role, password);
    }

    private static Jdbi roleJdbi() {
        return Jdbi.create(roleUrl());
    }

    private static Jdbi adminJdbi() {
        return Jdbi.create(testDatabase.serviceUrl());
    }
}
