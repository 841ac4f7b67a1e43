package dev.inquiries.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.inquiries.persistence.Database;
import dev.inquiries.persistence.testing.Await;
import dev.inquiries.persistence.testing.TestDatabase;
import dev.inquiries.persistence.testing.TestDatabases;
import io.helidon.webserver.WebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What an operator alerts on before users notice: each queue's length and oldest wait, the oldest snapshot holding
 * back cleanup and the dead-row share of the queue's tables under /observe/metrics, and /observe/health saying
 * degraded, still UP, while a report holds its snapshot longer than observe.snapshot.limit.
 */
@Timeout(60)
class QueueMetricsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private TestDatabase testDatabase;
    private Database database;
    private WebServer server;

    @BeforeEach
    void arrange() {
        testDatabase = TestDatabases.create();
        testDatabase.jdbi().useHandle(handle -> {
            handle.execute("INSERT INTO departments (id, name) VALUES ('dep-a', 'Alpha')");
            handle.execute("INSERT INTO inquiries (id, rid, name, ts, status, department_id) VALUES"
                    + " ('a1', 'r1', 'Ada', now() - interval '10 minutes', 'queued', 'dep-a'),"
                    + " ('a2', 'r2', 'Bo', now() - interval '5 minutes', 'queued', 'dep-a'),"
                    + " ('n1', 'r3', 'Cy', now() - interval '2 minutes', 'queued', NULL)");
        });
        database = testDatabase.open();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
        database.close();
        testDatabase.close();
    }

    @Test
    void showsEachQueueAndTheOldestSnapshotAndSaysDegradedWhileAReportHoldsItTooLong() throws Exception {
        try (Connection report = DriverManager.getConnection(testDatabase.url())) {
            report.setAutoCommit(false);
            report.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try (Statement statement = report.createStatement()) {
                statement.execute("SELECT count(*) FROM inquiries");
                statement.execute("SELECT pg_sleep(1.5)");
            }
            RawHttp http = start(Duration.ofSeconds(1));

            String metrics = Await.value(Duration.ofSeconds(20), () -> {
                String body = http.get("/observe/metrics", List.of()).body();
                return body.contains("inquiries_queue_oldest_wait_seconds{department=\"dep-a\"")
                        && body.contains("inquiries_queue_queued{department=\"none\"") ? Optional.of(body) : Optional.empty();
            }, () -> "the queue's gauges appear");
            assertThat(sample(metrics, "inquiries_queue_queued", "department=\"dep-a\"")).isEqualTo(2);
            assertThat(sample(metrics, "inquiries_queue_queued", "department=\"none\"")).isEqualTo(1);
            assertThat(sample(metrics, "inquiries_queue_oldest_wait_seconds", "department=\"dep-a\"")).isBetween(600.0, 660.0);
            assertThat(sample(metrics, "inquiries_db_snapshot_age_seconds")).isGreaterThanOrEqualTo(1.5);
            assertThat(sample(metrics, "inquiries_db_dead_rows_share", "table=\"inquiries\"")).isBetween(0.0, 1.0);

            RawHttp.Response health = http.get("/observe/health", List.of());
            assertThat(health.status()).isEqualTo(200);
            JsonNode snapshots = check(health, "snapshots");
            assertThat(snapshots.get("status").asText()).isEqualTo("UP");
            assertThat(snapshots.get("data").get("degraded").asBoolean()).isTrue();
            assertThat(snapshots.get("data").get("oldestSnapshotSeconds").asLong()).isGreaterThanOrEqualTo(1);
            report.rollback();
        }
    }

    @Test
    void isNotDegradedWithoutALongSnapshot() throws Exception {
        RawHttp http = start(Duration.ofMinutes(15));
        JsonNode snapshots = Await.value(Duration.ofSeconds(20), () -> {
            JsonNode check = check(http.get("/observe/health", List.of()), "snapshots");
            return check.has("data") ? Optional.of(check) : Optional.empty();
        }, () -> "the snapshot check has read the database");
        assertThat(snapshots.get("status").asText()).isEqualTo("UP");
        assertThat(snapshots.get("data").get("degraded").asBoolean()).isFalse();
    }

    private RawHttp start(Duration snapshotLimit) {
        var builder = WebServer.builder().host("localhost").port(0);
        InquiriesServer.configure(builder, database,
                Settings.defaults().withObserve(new Settings.ObserveSettings(snapshotLimit)));
        server = builder.build().start();
        return new RawHttp(server.port());
    }

    private static JsonNode check(RawHttp.Response health, String name) throws Exception {
        for (JsonNode check : JSON.readTree(health.body()).get("checks")) {
            if (check.get("name").asText().equals(name)) {
                return check;
            }
        }
        throw new AssertionError("no check " + name + " in " + health.body());
    }

    private static double sample(String metrics, String name, String... labels) {
        Matcher line = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*})? (\\S+)$").matcher(metrics);
        while (line.find()) {
            String found = line.group(1) == null ? "" : line.group(1);
            if (List.of(labels).stream().allMatch(found::contains)) {
                return Double.parseDouble(line.group(2));
            }
        }
        throw new AssertionError("no sample " + name + " " + List.of(labels) + " in:\n" + metrics);
    }
}
