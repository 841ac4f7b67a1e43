package dev.inquiries.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import dev.inquiries.persistence.testing.TestDatabase;
import dev.inquiries.persistence.testing.TestDatabases;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

/**
 * The start's shortcut past Flyway: it may skip Flyway only where Flyway would find nothing to do and nothing wrong, so
 * every other history still goes through Flyway and gets its migrations or its refusal.
 */
class AppliedMigrationsTest {

    @Test
    void listsEveryScriptOfTheBuildWithTheChecksumFlywayWroteForIt() {
        Map<String, AppliedMigrations.Script> carried = carried();
        assertThat(carried.values()).extracting(AppliedMigrations.Script::name)
                .containsExactlyInAnyOrderElementsOf(MigrationFiles.all().stream().map(MigrationFiles.Migration::fileName).toList());
        try (TestDatabase database = TestDatabases.createEmpty(); Database service = database.open()) {
            service.migrate();
            Map<String, Integer> written = database.jdbi().withHandle(handle -> handle.createQuery(
                    "SELECT version, checksum FROM flyway_schema_history WHERE type = 'SQL'")
                    .map((row, context) -> Map.entry(row.getString("version"), row.getInt("checksum"))).list())
                    .stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
            assertThat(carried.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, entry -> entry.getValue().checksum())))
                    .isEqualTo(written);
            assertThat(upToDate(database)).isTrue();
        }
    }

    @Test
    void aDatabaseWithoutTheSchemaOrItsHistoryIsNotUpToDate() {
        try (TestDatabase database = TestDatabases.createEmpty()) {
            assertThat(upToDate(database)).isFalse();
        }
    }

    @Test
    void aPendingMigrationIsStillApplied() {
        try (TestDatabase database = TestDatabases.create(); Database service = database.open()) {
            String last = lastVersion();
            Jdbi jdbi = database.jdbi();
            jdbi.useHandle(handle -> handle.execute("DELETE FROM flyway_schema_history WHERE version = ?", last));
            assertThat(upToDate(database)).isFalse();

            service.migrate();

            int applied = jdbi.withHandle(handle -> handle.createQuery(
                    "SELECT count(*) FROM flyway_schema_history WHERE version = :version AND success")
                    .bind("version", last).mapTo(Integer.class).one());
            assertThat(applied).isEqualTo(1);
            assertThat(upToDate(database)).isTrue();
        }
    }

    @Test
    void aScriptEditedAfterItWasAppliedIsStillRefusedByFlyway() {
        try (TestDatabase database = TestDatabases.create(); Database service = database.open()) {
            database.jdbi().useHandle(handle -> handle.execute(
                    "UPDATE flyway_schema_history SET checksum = checksum + 1 WHERE version = '1'"));
            assertThat(upToDate(database)).isFalse();

            assertThatThrownBy(service::migrate).hasMessageContaining("checksum mismatch");
        }
    }

    @Test
    void aFailedOrForeignRowLeavesTheAnswerToFlyway() {
        try (TestDatabase database = TestDatabases.create()) {
            Jdbi jdbi = database.jdbi();
            jdbi.useHandle(handle -> handle.execute("UPDATE flyway_schema_history SET success = false WHERE version = '1'"));
            assertThat(upToDate(database)).isFalse();
            jdbi.useHandle(handle -> handle.execute("UPDATE flyway_schema_history SET success = true WHERE version = '1'"));
            assertThat(upToDate(database)).isTrue();
            jdbi.useHandle(handle -> handle.execute("""
                    INSERT INTO flyway_schema_history (installed_rank, version, description, type, script, checksum,
                                                       installed_by, execution_time, success)
                    SELECT max(installed_rank) + 1, '9999', 'from a newer build', 'SQL', 'V9999__from_a_newer_build.sql',
                           1, current_user, 1, true
                      FROM flyway_schema_history"""));
            assertThat(upToDate(database)).isFalse();
        }
    }

    private static Map<String, AppliedMigrations.Script> carried() {
        Optional<Map<String, AppliedMigrations.Script>> carried =
                AppliedMigrations.carried(AppliedMigrationsTest.class.getClassLoader());
        assertThat(carried).as("the scripts of this build, listed").isPresent();
        return carried.get();
    }

    private static String lastVersion() {
        return carried().keySet().stream().max((a, b) -> Integer.compare(Integer.parseInt(a), Integer.parseInt(b)))
                .orElseThrow();
    }

    private static boolean upToDate(TestDatabase database) {
        return database.jdbi().withHandle(handle ->
                AppliedMigrations.upToDate(handle.getConnection(), database.schema(), carried()));
    }
}
