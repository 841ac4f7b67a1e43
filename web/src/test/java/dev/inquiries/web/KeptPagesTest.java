package dev.inquiries.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.inquiries.domain.Roles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Kept pages (api.pages.cache): a list whose queue has not changed is answered from the page kept at its version,
 * without reading the rows; any change by any writer is in the next answer; a caller's kept page is its own.
 */
@Timeout(60)
class KeptPagesTest {

    @RegisterExtension
    static final ApiServerExtension API = ApiServerExtension.onTestDatabase();

    private static List<String> admin;
    private static List<String> monitor;

    private final RawHttp http = API.http();

    @BeforeAll
    static void arrange() {
        admin = API.loginWithRoles("root", Roles.ADMIN);
        monitor = API.loginWithRoles("watcher", "livechat-monitor");
        API.department("d1", "Sales").department("d2", "Support");
        API.jdbi().useHandle(handle -> {
            handle.execute("INSERT INTO units (id, name) VALUES ('u1', 'North')");
            handle.execute("INSERT INTO unit_departments (unit_id, department_id) VALUES ('u1', 'd2')");
            handle.execute("INSERT INTO unit_monitors (unit_id, user_id) SELECT 'u1', id FROM users WHERE username = 'watcher'");
        });
    }

    @BeforeEach
    void startFromAKnownQueue() {
        API.jdbi().useHandle(handle -> handle.execute("DELETE FROM inquiries"));
        API.inquiry("q1", "Ada", Instant.parse("2024-01-01T00:00:00Z"), "queued", "d1")
                .inquiry("q2", "Bo", Instant.parse("2024-01-02T00:00:00Z"), "queued", "d2");
    }

    @Test
    void answersAnUnchangedQueueWithoutReadingTheRows() throws Exception {
        RawHttp.Response first = http.get(ApiServerExtension.LIST, admin);
        assertThat(first.status()).isEqualTo(200);
        try (Connection locker = DriverManager.getConnection(API.testDatabase().url())) {
            locker.setAutoCommit(false);
            try (Statement statement = locker.createStatement()) {
                statement.execute("LOCK TABLE inquiries IN ACCESS EXCLUSIVE MODE");
            }
            long started = System.nanoTime();
            RawHttp.Response kept = http.get(ApiServerExtension.LIST, admin);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
            assertThat(kept.status()).isEqualTo(200);
            assertThat(kept.body()).isEqualTo(first.body());
            assertThat(kept.header("ETag")).isEqualTo(first.header("ETag"));
        }
    }

    @Test
    void answersEveryChangeByAnyWriterAtOnce() {
        assertThat(http.get(ApiServerExtension.LIST, admin).body()).contains("\"name\":\"Ada\"").contains("\"total\":2");
        API.jdbi().useHandle(handle -> handle.execute("UPDATE inquiries SET name = 'Ada Lovelace' WHERE id = 'q1'"));
        assertThat(http.get(ApiServerExtension.LIST, admin).body()).contains("\"name\":\"Ada Lovelace\"");
        API.inquiry("q3", "Cy", Instant.parse("2024-01-03T00:00:00Z"), "queued", null);
        assertThat(http.get(ApiServerExtension.LIST, admin).body()).contains("\"name\":\"Cy\"").contains("\"total\":3");
        API.jdbi().useHandle(handle -> handle.execute("UPDATE inquiries SET status = 'taken' WHERE id = 'q3'"));
        assertThat(http.get(ApiServerExtension.LIST, admin).body()).doesNotContain("\"name\":\"Cy\"").contains("\"total\":2");
    }

    @Test
    void keepsEachCallersPageItsOwn() {
        assertThat(http.get(ApiServerExtension.LIST, admin).body()).contains("\"_id\":\"q1\"", "\"_id\":\"q2\"");
        // The monitor of unit North sees only Support's inquiry, though the admin's page of the same request is kept.
        String watched = http.get(ApiServerExtension.LIST, monitor).body();
        assertThat(watched).contains("\"_id\":\"q2\"").doesNotContain("\"_id\":\"q1\"");
        // Who sees what changes: the monitor's next page says so at once.
        API.jdbi().useHandle(handle -> handle.execute("INSERT INTO unit_departments (unit_id, department_id) VALUES ('u1', 'd1')"));
        try {
            assertThat(http.get(ApiServerExtension.LIST, monitor).body()).contains("\"_id\":\"q1\"", "\"_id\":\"q2\"");
        } finally {
            API.jdbi().useHandle(handle -> handle.execute("DELETE FROM unit_departments WHERE department_id = 'd1'"));
        }
    }
}
