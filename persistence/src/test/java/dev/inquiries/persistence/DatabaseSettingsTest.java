package dev.inquiries.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DatabaseSettingsTest {

    private static final DatabaseSettings SETTINGS = DatabaseSettings.of("jdbc:postgresql://localhost/support", null, null);

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
        DatabaseSettings settings = DatabaseSettings.of(
                "jdbc:postgresql://db.example.com:5432/support?user=inquiries&password=s3cr3t", null, "also-secret");

        assertThat(settings.toString()).doesNotContain("s3cr3t", "also-secret")
                .contains("jdbc:postgresql://db.example.com:5432/support?...");
        assertThat(DatabaseSettings.of("jdbc:postgresql://localhost/x", null, null).redactedUrl())
                .isEqualTo("jdbc:postgresql://localhost/x");
    }
}
