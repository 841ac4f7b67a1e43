package dev.inquiries.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.inquiries.persistence.testing.TestSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DatabaseSettingsTest {

    private static final DatabaseSettings SETTINGS = TestSettings.database("jdbc:postgresql://localhost/support");

    @ParameterizedTest
    @ValueSource(strings = {"public", "inquiries", "support_queue", "_q1",
        "a23456789012345678901234567890123456789012345678901234567890123"})
    void acceptsALowerCaseIdentifierAsTheSchema(String schema) {
        assertThat(SETTINGS.inSchema(schema).schema()).isEqualTo(schema);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Inquiries", "support-queue", "queue; DROP TABLE x", "\"quoted\"", "1queue", "pg_inquiries",
        "a234567890123456789012345678901234567890123456789012345678901234"})
    void refusesASchemaNameThatWouldNeedQuoting(String schema) {
        assertThatThrownBy(() -> SETTINGS.inSchema(schema))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("schema name");
    }

    @Test
    void defaultsToPublic() {
        assertThat(SETTINGS.schema()).isEqualTo("public");
    }

    @Test
    void neverShowsAPasswordGivenInTheUrl() {
        DatabaseSettings settings = new DatabaseSettings(
                "jdbc:postgresql://db.example.com:5432/support?user=inquiries&password=s3cr3t", null, "also-secret",
                TestSettings.POOL_SIZE, TestSettings.POOL_TIMEOUT, TestSettings.STATEMENT_TIMEOUT);

        assertThat(settings.toString()).doesNotContain("s3cr3t", "also-secret")
                .contains("jdbc:postgresql://db.example.com:5432/support?...");
        assertThat(TestSettings.database("jdbc:postgresql://localhost/x").redactedUrl())
                .isEqualTo("jdbc:postgresql://localhost/x");
    }
}
