package dev.inquiries.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.inquiries.persistence.testing.Await;
import dev.inquiries.web.EventStreamClient.Event;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code GET /api/v1/livechat/inquiries.stream} against a real server and database: changes written by plain SQL
 * on another connection arrive as the contract's events, in commit order, resumable, and filtered as the list is.
 */
@Timeout(60)
class StreamTest {

    static final String STREAM = InquiriesServer.LIVECHAT_API + "/inquiries.stream";
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Instant TS = Instant.parse("2026-11-30T10:15:30.123Z");
    /** Kept small so that the test of a too-old Last-Event-ID can outrun it. */
    private static final int KEEP = 100;

    @RegisterExtension
    static final ApiServerExtension API = ApiServerExtension.onTestDatabase()
            .stream(new Settings.StreamSettings(100, Duration.ofSeconds(15), 1_000, KEEP, Duration.ofSeconds(1)));

    private static List<String> manager;

    @BeforeAll
    static void arrange() {
        API.department("dep-sales", "Sales").department("dep-support", "Support");
        manager = API.loginWithRoles("stream-manager", "livechat-manager");
    }

    private static EventStreamClient open(String query, List<String> headers) {
        return EventStreamClient.open(API.port(), STREAM + query, headers);
    }

    /** Opens a stream and takes its first event, which must be the reset. */
    private static EventStreamClient openAfterReset(String query, List<String> headers) {
        EventStreamClient stream = open(query, headers);
        assertThat(stream.status()).isEqualTo(200);
        Event reset = stream.next(WAIT);
        assertThat(reset.name()).isEqualTo("reset");
        return stream;
    }

    private static void sql(String statement, Object... arguments) {
        API.jdbi().useHandle(handle -> handle.execute(statement, arguments));
    }

    private static String listed(String type, String id, String name, String status, String department) {
        return "{\"type\":\"" + type + "\",\"_id\":\"" + id + "\",\"rid\":\"room-" + id + "\",\"name\":\"" + name
                + "\",\"ts\":\"2026-11-30T10:15:30.123Z\",\"status\":\"" + status + "\""
                + (department == null ? "" : ",\"department\":\"" + department + "\"") + "}";
    }

    @Test
    void startsWithAResetCarryingTheVersion() {
        try (EventStreamClient stream = open("", manager)) {
            assertThat(stream.status()).isEqualTo(200);
            assertThat(stream.header("content-type")).startsWith("text/event-stream");
            Event reset = stream.next(WAIT);
            assertThat(reset.name()).isEqualTo("reset");
            assertThat(reset.data()).matches("\\{\"version\":\"[0-9]+\"}");
        }
    }

    @Test
    void deliversInsertUpdateTakeAndDeleteBySqlAsTheListShowsThem() {
        try (EventStreamClient stream = openAfterReset("?of=list", manager)) {
            API.inquiry("life-1", "Ada", TS, "queued", "dep-sales");
            Event added = stream.next(WAIT);
            assertThat(added.name()).isEqualTo("added");
            assertThat(added.data()).isEqualTo(listed("added", "life-1", "Ada", "queued", "dep-sales"));

            sql("UPDATE inquiries SET name = 'Ada L.' WHERE id = 'life-1'");
            Event changed = stream.next(WAIT);
            assertThat(changed.name()).isEqualTo("changed");
            assertThat(changed.data()).isEqualTo(listed("changed", "life-1", "Ada L.", "queued", "dep-sales"));
            assertThat(Long.parseLong(changed.id())).isGreaterThan(Long.parseLong(added.id()));

            sql("UPDATE inquiries SET status = 'taken', taken_at = now() WHERE id = 'life-1'");
            Event taken = stream.next(WAIT);
            assertThat(taken.name()).isEqualTo("removed");
            assertThat(taken.data()).isEqualTo(listed("removed", "life-1", "Ada L.", "taken", "dep-sales"));

            API.inquiry("life-2", "Bo", TS, "queued", null);
            assertThat(stream.next(WAIT).data()).isEqualTo(listed("added", "life-2", "Bo", "queued", null));
            sql("DELETE FROM inquiries WHERE id = 'life-2'");
            Event deleted = stream.next(WAIT);
            assertThat(deleted.name()).isEqualTo("removed");
            assertThat(deleted.data()).isEqualTo(listed("removed", "life-2", "Bo", "queued", null));

            // Not queued at all: nothing for the list (the next event is the marker's).
            API.inquiry("life-3", "Cy", TS, "verifying", "dep-sales");
            API.inquiry("life-4", "Di", TS, "queued", "dep-sales");
            assertThat(stream.next(WAIT).data()).isEqualTo(listed("added", "life-4", "Di", "queued", "dep-sales"));
        }
    }

    @Test
    void aDepartmentFilteredStreamGetsOnlyItsDepartment() {
        try (EventStreamClient stream = openAfterReset("?department=Support", manager)) {
            API.inquiry("dept-1", "Other", TS, "queued", "dep-sales");
            API.inquiry("dept-2", "Mine", TS, "queued", "dep-support");
            Event first = stream.next(WAIT);
            assertThat(first.data()).isEqualTo(listed("added", "dept-2", "Mine", "queued", "dep-support"));
            // Moving into the filtered department adds it; moving out removes it.
            sql("UPDATE inquiries SET department_id = 'dep-support' WHERE id = 'dept-1'");
            assertThat(stream.next(WAIT).data()).isEqualTo(listed("added", "dept-1", "Other", "queued", "dep-support"));
            sql("UPDATE inquiries SET department_id = 'dep-sales' WHERE id = 'dept-2'");
            assertThat(stream.next(WAIT).data()).isEqualTo(listed("removed", "dept-2", "Mine", "queued", "dep-sales"));
        }
    }

    @Test
    void anUnknownDepartmentStreamsNoInquiry() {
        try (EventStreamClient stream = openAfterReset("?department=nowhere", manager)) {
            API.inquiry("unknown-1", "Nobody", TS, "queued", null);
            API.inquiry("unknown-2", "Nobody", TS, "queued", "dep-sales");
            assertThat(stream.poll(Duration.ofMillis(1_500))).isEmpty();
        }
    }

    @Test
    void resumesAfterTheLastEventIdWithExactlyTheMissedEventsInOrder() {
        String lastId;
        try (EventStreamClient stream = openAfterReset("", manager)) {
            API.inquiry("resume-0", "Before", TS, "queued", null);
            lastId = stream.next(WAIT).id();
        }
        API.inquiry("resume-2", "Second", TS, "queued", null);
        API.inquiry("resume-1", "First", TS, "queued", null);
        sql("UPDATE inquiries SET name = 'Second again' WHERE id = 'resume-2'");
        sql("DELETE FROM inquiries WHERE id = 'resume-0'");
        try (EventStreamClient resumed = open("", append(manager, "Last-Event-ID: " + lastId))) {
            List<String> received = List.of(resumed.next(WAIT), resumed.next(WAIT), resumed.next(WAIT), resumed.next(WAIT))
                    .stream().map(Event::data).toList();
            assertThat(received).containsExactly(
                    listed("added", "resume-2", "Second", "queued", null),
                    listed("added", "resume-1", "First", "queued", null),
                    listed("changed", "resume-2", "Second again", "queued", null),
                    listed("removed", "resume-0", "Before", "queued", null));
        }
    }

    @Test
    void aLastEventIdNoLongerKeptGetsAReset() {
        // More rows than are kept, in one statement below the reset threshold: one change each.
        sql("INSERT INTO inquiries (id, rid, name, ts, status) SELECT 'old-' || n, 'room-old-' || n, 'Old', now(), 'queued'"
                + " FROM generate_series(1, " + (KEEP + 50) + ") AS n");
        Await.until(WAIT, () -> API.count("SELECT min(position) FROM queue_changes") > 1
                && API.count("SELECT count(*) FROM queue_changes WHERE position IS NULL") == 0, "the log to be trimmed");
        try (EventStreamClient stream = open("", append(manager, "Last-Event-ID: 1"))) {
            Event first = stream.next(WAIT);
            assertThat(first.name()).isEqualTo("reset");
        }
    }

    @Test
    void aBulkStatementAboveTheThresholdIsOneReset() {
        try (EventStreamClient stream = openAfterReset("", manager)) {
            long lastBefore = API.count("SELECT coalesce(max(id), 0) FROM queue_changes");
            sql("INSERT INTO inquiries (id, rid, name, ts, status) SELECT 'bulk-' || n, 'room-bulk-' || n, 'Bulk', now(), 'queued'"
                    + " FROM generate_series(1, 5000) AS n");
            Event reset = stream.next(WAIT);
            assertThat(reset.name()).isEqualTo("reset");
            API.inquiry("after-bulk", "After", TS, "queued", null);
            assertThat(stream.next(WAIT).data()).isEqualTo(listed("added", "after-bulk", "After", "queued", null));
            List<String> kinds = API.jdbi().withHandle(handle -> handle.createQuery(
                            "SELECT kind FROM queue_changes WHERE id > :last ORDER BY id").bind("last", lastBefore)
                    .mapTo(String.class).list());
            assertThat(kinds).containsExactly("reset", "insert");
        }
    }

    @Test
    void concurrentTransactionsAreDeliveredInCommitOrder() throws Exception {
        try (EventStreamClient stream = openAfterReset("", manager);
             Connection first = DriverManager.getConnection(API.testDatabase().url());
             Connection second = DriverManager.getConnection(API.testDatabase().url())) {
            first.setAutoCommit(false);
            // Two departments: V4's count of one department would make the second writer wait for the first.
            insert(first, "order-first", "dep-sales");
            insert(second, "order-second", "dep-support");
            Event secondEvent = stream.next(WAIT);
            assertThat(secondEvent.data()).contains("\"_id\":\"order-second\"");
            first.commit();
            Event firstEvent = stream.next(WAIT);
            assertThat(firstEvent.data()).contains("\"_id\":\"order-first\"");
            assertThat(Long.parseLong(firstEvent.id())).isGreaterThan(Long.parseLong(secondEvent.id()));
            assertThat(API.count("SELECT id FROM queue_changes WHERE inquiry_id = 'order-first'"))
                    .isLessThan(API.count("SELECT id FROM queue_changes WHERE inquiry_id = 'order-second'"));
        }
    }

    @Test
    void aLostListenerSessionReconnectsAndResetsEverySubscriber() {
        try (EventStreamClient stream = openAfterReset("", manager)) {
            Await.until(WAIT, () -> API.count("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                    + " AND application_name = 'inquiries-stream'") == 1, "the feed's session");
            assertThat(API.count("SELECT count(*) FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    + " WHERE datname = current_database() AND application_name = 'inquiries-stream') AS ended")).isEqualTo(1);
            Event reset = stream.next(WAIT);
            assertThat(reset.name()).isEqualTo("reset");
            API.inquiry("after-restart", "Back", TS, "queued", null);
            assertThat(stream.next(WAIT).data()).isEqualTo(listed("added", "after-restart", "Back", "queued", null));
        }
    }

    private static void insert(Connection connection, String id, String department) throws Exception {
        try (PreparedStatement statement = connection.prepareStatement(
                "INSERT INTO inquiries (id, rid, name, ts, status, department_id) VALUES (?, ?, 'Racer', now(), 'queued', ?)")) {
            statement.setString(1, id);
            statement.setString(2, "room-" + id);
            statement.setString(3, department);
            statement.executeUpdate();
        }
    }

    private static List<String> append(List<String> headers, String header) {
        return java.util.stream.Stream.concat(headers.stream(), java.util.stream.Stream.of(header)).toList();
    }
}
