package dev.inquiries.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import dev.inquiries.persistence.testing.TestDatabase;
import dev.inquiries.persistence.testing.TestDatabases;
import org.junit.jupiter.api.Test;

/**
 * The suite runs on a supported PostgreSQL (13 to 17), and on the very major version CI asked for with
 * {@code TEST_DB_EXPECT_MAJOR}, so that a matrix entry cannot pass on the wrong server.
 */
class SupportedVersionsTest {

    private static final int OLDEST = 13;
    private static final int NEWEST = 17;

    @Test
    void runsOnASupportedPostgresAndTheOneAskedFor() {
        int major;
        try (TestDatabase database = TestDatabases.create()) {
            major = database.jdbi().withHandle(handle -> handle.createQuery(
                    "SELECT current_setting('server_version_num')::int / 10000").mapTo(Integer.class).one());
        }

        assertThat(major).isBetween(OLDEST, NEWEST);
        Optional.ofNullable(System.getenv("TEST_DB_EXPECT_MAJOR")).filter(expected -> !expected.isBlank())
                .ifPresent(expected -> assertThat(major).isEqualTo(Integer.parseInt(expected.strip())));
    }
}
