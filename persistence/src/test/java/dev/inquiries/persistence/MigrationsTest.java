package dev.inquiries.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

import dev.inquiries.domain.InquiryListRequest;
import dev.inquiries.domain.Page;
import dev.inquiries.domain.Permission;
import dev.inquiries.domain.Roles;
import dev.inquiries.domain.SortSpec;
import dev.inquiries.persistence.testing.TestDatabase;
import dev.inquiries.persistence.testing.TestDatabases;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The schema the migrations make: its public names, its seeds, and the indexes behind the list. */
class MigrationsTest {

    private static TestDatabase testDatabase;
    private static Jdbi jdbi;

    @BeforeAll
    static void migrate() {
        testDatabase = TestDatabases.create();
        jdbi = testDatabase.jdbi();
    }

    @AfterAll
    static void drop() {
        testDatabase.close();
    }

    @Test
    void appliesToAnEmptyDatabaseAndAgainWithoutChange() {
        try (TestDatabase empty = TestDatabases.createEmpty(); Database database = empty.open()) {
            database.migrate();
            database.migrate();
            var info = Flyway.configure().dataSource(empty.url(), null, null)
                    .locations(Database.MIGRATIONS_LOCATION).load().info();
            assertThat(info.pending()).isEmpty();
            assertThat(info.applied()).hasSize(info.all().length).allSatisfy(
                    migration -> assertThat(migration.getState().isApplied()).isTrue());
            assertThat(info.applied().length).isGreaterThanOrEqualTo(5);
        }
    }

    @Test
    void acceptsRowsWrittenWithOnlyThePublicColumns() {
        jdbi.useHandle(handle -> {
            handle.execute("INSERT INTO departments (id, name) VALUES ('d-sql', 'Written by SQL')");
            handle.execute("""
                    INSERT INTO inquiries (id, rid, name, ts, status, department_id)
                    VALUES ('i-sql', 'r-sql', 'Imported', '2024-05-01 10:00:00+00', 'queued', 'd-sql')""");
            handle.execute("""
                    INSERT INTO inquiries (id, rid, name, ts, status)
                    VALUES ('i-sql-2', 'r-sql-2', 'No department', now(), 'taken')""");
        });

        long rows = jdbi.withHandle(handle -> handle.createQuery(
                "SELECT count(*) FROM inquiries WHERE id IN ('i-sql', 'i-sql-2')").mapTo(Long.class).one());
        assertThat(rows).isEqualTo(2);
    }

    @Test
    void refusesRowsTheApiCouldNotServe() {
        List<String> bad = List.of(
                "INSERT INTO inquiries (id, rid, name, ts, status) VALUES ('b1', 'r', 'n', now(), 'lost')",
                "INSERT INTO inquiries (id, rid, name, ts, status) VALUES ('b2', 'r', 'n', 'infinity', 'queued')",
                "INSERT INTO inquiries (id, rid, name, ts, status) VALUES ('', 'r', 'n', now(), 'queued')",
                "INSERT INTO inquiries (id, rid, name, ts, status, department_id) VALUES ('b3', 'r', 'n', now(), 'queued', 'nowhere')",
                "INSERT INTO inquiries (id, rid, name, ts, status) VALUES ('b4', 'r', NULL, now(), 'queued')");
        for (String statement : bad) {
            boolean refused;
            try {
                jdbi.useHandle(handle -> handle.execute(statement));
                refused = false;
            } catch (RuntimeException expected) {
                refused = true;
            }
            assertThat(refused).as(statement).isTrue();
        }
    }

    @Test
    void seedsRocketChatsDefaultGrants() {
        Map<String, Set<String>> seeded = new HashMap<>();
        jdbi.useHandle(handle -> handle.createQuery("SELECT permission_id, role_id FROM role_permissions")
                .map((row, context) -> Map.entry(row.getString(1), row.getString(2)))
                .forEach(grant -> seeded.computeIfAbsent(grant.getKey(), key -> new HashSet<>()).add(grant.getValue())));
        Map<String, Set<String>> expected = new HashMap<>();
        Roles.DEFAULT_GRANTS.forEach((permission, roles) -> expected.put(permission.id(), roles));

        assertThat(seeded).isEqualTo(expected);
        List<String> roles = jdbi.withHandle(handle -> handle.createQuery("SELECT id FROM roles").mapTo(String.class).list());
        List<String> permissions = jdbi.withHandle(handle -> handle.createQuery("SELECT id FROM permissions")
                .mapTo(String.class).list());
        assertThat(roles).containsExactlyInAnyOrderElementsOf(Roles.ALL);
        assertThat(permissions).containsExactlyInAnyOrder(
                Permission.VIEW_LIVECHAT_MANAGER.id(), Permission.VIEW_L_ROOM.id());
    }

    @Test
    void servesTheQueuedListInTheDefaultOrderFromAnIndex() {
        try (TestDatabase large = TestDatabases.create()) {
            large.jdbi().useHandle(handle -> {
                handle.execute("INSERT INTO departments (id, name) SELECT 'd' || g, 'Department ' || g FROM generate_series(1, 20) g");
                handle.execute("""
                        INSERT INTO inquiries (id, rid, name, ts, status, department_id)
                        SELECT 'i' || g, 'r' || g, 'Visitor ' || g, now() - g * interval '1 minute',
                               CASE WHEN g % 10 = 0 THEN 'queued' ELSE 'taken' END,
                               CASE WHEN g % 7 = 0 THEN NULL ELSE 'd' || (g % 20 + 1) END
                          FROM generate_series(1, 50000) g""");
                handle.execute("ANALYZE");
            });
            for (Optional<String> department : List.of(Optional.<String>empty(), Optional.of("d3"), Optional.of("Department 3"))) {
                InquiryListRequest request = new InquiryListRequest(department, new Page(0, OptionalLong.of(50)), SortSpec.DEFAULT);
                SqlStatement statement = InquiryRepository.statementFor(request, "SELECT true AS permitted", Map.of());
                String plan = large.jdbi().withHandle(handle -> {
                    var explain = handle.createQuery("EXPLAIN " + statement.sql());
                    statement.parameters().forEach(explain::bind);
                    return String.join("\n", explain.mapTo(String.class).list());
                });
                assertThat(plan).as(plan).doesNotContain("Seq Scan on inquiries").contains("inquiries_queued_");
            }
        }
    }
}
