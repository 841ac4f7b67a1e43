package dev.inquiries.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.inquiries.domain.Roles;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Cheap polling: every page carries a strong ETag that changes whenever the page could; If-None-Match with
 * the current tag answers 304 without a body and without reading the page; a 304 is never served for
 * changed data.
 */
class ConditionalListTest {

    @RegisterExtension
    static final ApiServerExtension API = ApiServerExtension.onTestDatabase();

    private static List<String> admin;

    private final RawHttp http = API.http();

    @BeforeAll
    static void arrange() {
        admin = API.loginWithRoles("root", Roles.ADMIN);
        API.department("d1", "Sales").department("d2", "Support");
    }

    @BeforeEach
    void startFromAKnownQueue() {
        API.jdbi().useHandle(handle -> handle.execute("DELETE FROM inquiries"));
        API.inquiry("q1", "Ada", Instant.parse("2024-01-01T00:00:00Z"), "queued", "d1")
                .inquiry("q2", "Bo", Instant.parse("2024-01-02T00:00:00Z"), "queued", null)
                .inquiry("t1", "Tim", Instant.parse("2024-01-03T00:00:00Z"), "taken", "d2");
    }

    @Test
    void answersAMatchingTagWith304AndNoBody() {
        RawHttp.Response first = http.get(ApiServerExtension.LIST, admin);
        String tag = first.header("ETag");

        RawHttp.Response again = conditional(ApiServerExtension.LIST, tag);

        assertThat(tag).matches("\"[A-Za-z0-9_-]{22}\"");
        assertThat(first.header("Cache-Control")).isEqualTo("private, no-cache");
        assertThat(again.status()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        assertThat(again.header("ETag")).isEqualTo(tag);
        assertThat(conditional(ApiServerExtension.LIST, "\"other\", W/" + tag).status()).isEqualTo(304);
        assertThat(conditional(ApiServerExtension.LIST, "*").status()).isEqualTo(304);
        assertThat(conditional(ApiServerExtension.LIST, "\"stale\"").status()).isEqualTo(200);
    }

    @Test
    void keepsTheTagWhileNothingChanges() {
        String tag = http.get(ApiServerExtension.LIST, admin).header("ETag");
        API.jdbi().useHandle(handle -> handle.execute("UPDATE inquiries SET name = 'Tina' WHERE id = 't1'"));

        assertThat(http.get(ApiServerExtension.LIST, admin).header("ETag")).isEqualTo(tag);
    }

    @Test
    void givesEveryDistinctRequestItsOwnTag() {
        List<String> queries = List.of("", "?count=1", "?offset=1", "?sort=%7B%22name%22%3A1%7D", "?department=d1",
                "?department=Sales", "?sort=%7B%22ts%22%3A1%7D");
        List<String> tags = new ArrayList<>();
        for (String query : queries) {
            tags.add(http.get(ApiServerExtension.LIST + query, admin).header("ETag"));
        }

        assertThat(tags).doesNotHaveDuplicates();
        // The default count, an explicit count of 50 and count=0 (unlimited lists off) ask for the same page.
        assertThat(http.get(ApiServerExtension.LIST + "?count=50", admin).header("ETag")).isEqualTo(tags.getFirst());
        assertThat(http.get(ApiServerExtension.LIST + "?count=0", admin).header("ETag")).isEqualTo(tags.getFirst());
    }

    @Test
    void changesTheTagOnInsert() {
        assertChangesWith("INSERT INTO inquiries (id, rid, name, ts, status) VALUES ('q3', 'r', 'Cy', now(), 'queued')", false);
        assertChangesWith("INSERT INTO inquiries (id, rid, name, ts, status, department_id) "
                + "VALUES ('q4', 'r', 'Di', now(), 'queued', 'd1')", true);
    }

    @Test
    void changesTheTagOnStatusChange() {
        assertChangesWith("UPDATE inquiries SET status = 'taken' WHERE id = 'q1'", true);
        assertChangesWith("UPDATE inquiries SET status = 'queued' WHERE id = 't1'", false);
    }

    @Test
    void changesTheTagOnDepartmentChange() {
        assertChangesWith("UPDATE inquiries SET department_id = 'd2' WHERE id = 'q1'", true);
        assertChangesWith("UPDATE inquiries SET department_id = 'd1' WHERE id = 'q2'", true);
    }

    @Test
    void changesTheTagOnDelete() {
        assertChangesWith("DELETE FROM inquiries WHERE id = 'q2'", false);
        assertChangesWith("DELETE FROM inquiries WHERE id = 'q1'", true);
    }

    @Test
    void changesTheTagOfAFilterByNameWhenTheNameMovesToAnotherDepartment() {
        String query = ApiServerExtension.LIST + "?department=Sales";
        String tag = http.get(query, admin).header("ETag");

        API.jdbi().useHandle(handle -> {
            handle.execute("UPDATE departments SET name = 'Sales (old)' WHERE id = 'd1'");
            handle.execute("UPDATE departments SET name = 'Sales' WHERE id = 'd2'");
        });
        try {
            RawHttp.Response response = conditional(query, tag);
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.body()).contains("\"total\":0");
        } finally {
            API.jdbi().useHandle(handle -> {
                handle.execute("UPDATE departments SET name = 'Support' WHERE id = 'd2'");
                handle.execute("UPDATE departments SET name = 'Sales' WHERE id = 'd1'");
            });
        }
    }

    @Test
    void neverServes304ForChangedData() {
        String tag = http.get(ApiServerExtension.LIST, admin).header("ETag");
        for (int i = 0; i < 25; i++) {
            String id = "n" + i;
            API.jdbi().useHandle(handle -> handle.execute(
                    "INSERT INTO inquiries (id, rid, name, ts, status) VALUES (?, 'r', 'New', now(), 'queued')", id));

            RawHttp.Response response = conditional(ApiServerExtension.LIST, tag);

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.body()).contains("\"_id\":\"" + id + "\"");
            assertThat(response.header("ETag")).isNotEqualTo(tag);
            tag = response.header("ETag");
            assertThat(conditional(ApiServerExtension.LIST, tag).status()).isEqualTo(304);
        }
    }

    @Test
    void answers304WithoutReadingThePage() throws Exception {
        String tag = http.get(ApiServerExtension.LIST, admin).header("ETag");
        try (Connection locker = DriverManager.getConnection(API.testDatabase().url())) {
            locker.setAutoCommit(false);
            try (Statement statement = locker.createStatement()) {
                statement.execute("LOCK TABLE inquiries IN ACCESS EXCLUSIVE MODE");
            }
            long started = System.nanoTime();
            RawHttp.Response response = conditional(ApiServerExtension.LIST, tag);

            assertThat(response.status()).isEqualTo(304);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
        }
    }

    @Test
    void stillAuthenticatesConditionalRequests() {
        String tag = http.get(ApiServerExtension.LIST, admin).header("ETag");

        RawHttp.Response anonymous = http.get(ApiServerExtension.LIST, List.of("If-None-Match: " + tag));
        RawHttp.Response agent = http.get(ApiServerExtension.LIST, withTag(API.loginWithRoles("agent", Roles.LIVECHAT_AGENT), tag));

        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(agent.status()).isEqualTo(403);
    }

    /** The change alters the whole queue's page, and, when it says so, the page of department d1. */
    private void assertChangesWith(String sql, boolean changesDepartmentD1) {
        String tag = http.get(ApiServerExtension.LIST, admin).header("ETag");
        String departmentTag = http.get(ApiServerExtension.LIST + "?department=d1", admin).header("ETag");
        String beforeBody = http.get(ApiServerExtension.LIST, admin).body();

        API.jdbi().useHandle(handle -> handle.execute(sql));

        RawHttp.Response response = conditional(ApiServerExtension.LIST, tag);
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).isNotEqualTo(beforeBody);
        assertThat(response.header("ETag")).isNotEqualTo(tag);
        assertThat(conditional(ApiServerExtension.LIST + "?department=d1", departmentTag).status())
                .isEqualTo(changesDepartmentD1 ? 200 : 304);
    }

    private RawHttp.Response conditional(String target, String tag) {
        return http.get(target, withTag(admin, tag));
    }

    private static List<String> withTag(List<String> headers, String tag) {
        List<String> lines = new ArrayList<>(headers);
        lines.add("If-None-Match: " + tag);
        return lines;
    }
}
