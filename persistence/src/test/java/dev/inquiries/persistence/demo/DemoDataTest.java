package dev.inquiries.persistence.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import dev.inquiries.domain.RandomIds;
import dev.inquiries.persistence.Database;
import dev.inquiries.persistence.DatabaseSettings;
import dev.inquiries.persistence.testing.TestDatabase;
import dev.inquiries.persistence.testing.TestDatabases;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.generic.GenericType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DemoDataTest {

    private static final DemoSize SIZE = new DemoSize(6, 3_000, 700);

    private static TestDatabase testDatabase;
    private static Database database;
    private static Jdbi jdbi;
    private static OffsetDateTime loadStarted;
    private static boolean loaded;

    @BeforeAll
    static void loadDemoData() {
        testDatabase = TestDatabases.create();
        database = testDatabase.open();
        jdbi = testDatabase.jdbi();
        loadStarted = jdbi.withHandle(handle -> handle.createQuery("SELECT now()").mapTo(OffsetDateTime.class).one());
        loaded = new DemoData(database).loadIntoEmptyQueue(SIZE);
    }

    @AfterAll
    static void dropDatabase() {
        database.close();
        testDatabase.close();
    }

    @Test
    void loadsTheRequestedNumbersOfInquiriesQueuedInquiriesAndDepartments() {
        assertThat(loaded).isTrue();
        assertThat(count("SELECT count(*) FROM inquiries")).isEqualTo(3_000);
        assertThat(count("SELECT count(*) FROM inquiries WHERE status = 'queued'")).isEqualTo(700);
        assertThat(count("SELECT count(*) FROM departments")).isEqualTo(6);
        assertThat(new DemoData(database).counts()).isEqualTo(new DemoData.Counts(6, 3_000, 700));
    }

    @Test
    void leavesSomeInquiriesWithoutADepartmentAndSpreadsTheRestOverEveryDepartment() {
        long withoutDepartment = count("SELECT count(*) FROM inquiries WHERE department_id IS NULL");
        long queuedWithoutDepartment = count(
                "SELECT count(*) FROM inquiries WHERE department_id IS NULL AND status = 'queued'");

        // About one in eight: 375 of 3,000 expected; far from both none and all.
        assertThat(withoutDepartment).isBetween(200L, 600L);
        assertThat(queuedWithoutDepartment).isPositive();
        assertThat(count("""
                SELECT count(*) FROM departments d
                 WHERE EXISTS (SELECT 1 FROM inquiries i WHERE i.department_id = d.id AND i.status = 'queued')"""))
                .isEqualTo(6);
    }

    @Test
    void namesDepartmentsUniquelyAndNonEmpty() {
        List<String> names = jdbi.withHandle(handle -> handle.createQuery("SELECT name FROM departments")
                .mapTo(String.class).list());

        assertThat(names).hasSize(6).doesNotHaveDuplicates().allSatisfy(name -> assertThat(name).isNotBlank());
        assertThat(names).contains("Sales", "Support");
    }

    @Test
    void givesInquiriesAndRoomsDistinctRocketChatStyleIds() {
        List<String> ids = jdbi.withHandle(handle -> handle.createQuery(
                "SELECT id FROM inquiries UNION ALL SELECT rid FROM inquiries UNION ALL SELECT id FROM departments")
                .mapTo(String.class).list());

        assertThat(ids).hasSize(3_000 + 3_000 + 6).doesNotHaveDuplicates().allSatisfy(id -> {
            assertThat(id).hasSize(RandomIds.LENGTH);
            assertThat(id.chars()).allMatch(character -> RandomIds.ALPHABET.indexOf(character) >= 0);
        });
        // 17 random characters: every character of the alphabet turns up somewhere.
        String all = String.join("", ids);
        assertThat(RandomIds.ALPHABET.chars()).allMatch(character -> all.indexOf(character) >= 0);
    }

    @Test
    void givesTheOtherInquiriesEveryStatusButQueued() {
        Map<String, Long> byStatus = jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT status, count(*) AS inquiries FROM inquiries GROUP BY status")
                .setMapKeyColumn("status")
                .setMapValueColumn("inquiries")
                .collectInto(new GenericType<Map<String, Long>>() { }));

        assertThat(byStatus).containsOnlyKeys("queued", "taken", "open", "ready", "verifying");
        assertThat(byStatus.get("queued")).isEqualTo(700L);
        assertThat(byStatus.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(3_000);
    }

    @Test
    void namesEveryInquiryAfterAPerson() {
        assertThat(count("SELECT count(*) FROM inquiries WHERE btrim(name) = ''")).isZero();
        assertThat(count("SELECT count(DISTINCT name) FROM inquiries")).isGreaterThan(100);
    }

    @Test
    void queuesInquiriesAtMillisecondTimesSpreadOverTheLast90Days() {
        OffsetDateTime earliest = jdbi.withHandle(handle -> handle.createQuery("SELECT min(ts) FROM inquiries")
                .mapTo(OffsetDateTime.class).one());
        OffsetDateTime latest = jdbi.withHandle(handle -> handle.createQuery("SELECT max(ts) FROM inquiries")
                .mapTo(OffsetDateTime.class).one());
        OffsetDateTime checked = jdbi.withHandle(handle -> handle.createQuery("SELECT now()")
                .mapTo(OffsetDateTime.class).one());

        assertThat(earliest).isAfter(loadStarted.minusDays(90));
        assertThat(latest).isBeforeOrEqualTo(checked);
        assertThat(Duration.between(earliest, latest)).isGreaterThan(Duration.ofDays(80));
        assertThat(count("SELECT count(*) FROM inquiries WHERE ts <> date_trunc('milliseconds', ts)")).isZero();
    }

    @Test
    void queuesTheSmallDemoOfServeDemoWithinTheLastFourHours() {
        try (TestDatabase other = TestDatabases.create(); Database small = other.open()) {
            OffsetDateTime started = other.jdbi().withHandle(handle -> handle.createQuery("SELECT now()")
                    .mapTo(OffsetDateTime.class).one());

            assertThat(new DemoData(small).loadIntoEmptyQueue(DemoSize.SMALL)).isTrue();

            OffsetDateTime earliest = other.jdbi().withHandle(handle -> handle.createQuery(
                    "SELECT min(ts) FROM inquiries").mapTo(OffsetDateTime.class).one());
            OffsetDateTime latest = other.jdbi().withHandle(handle -> handle.createQuery(
                    "SELECT max(ts) FROM inquiries").mapTo(OffsetDateTime.class).one());
            OffsetDateTime checked = other.jdbi().withHandle(handle -> handle.createQuery("SELECT now()")
                    .mapTo(OffsetDateTime.class).one());
            assertThat(earliest).isAfterOrEqualTo(started.minusHours(4));
            assertThat(latest).isBeforeOrEqualTo(checked);
            // Spread over the hours, not bunched at one end: 400 draws cover most of them.
            assertThat(Duration.between(earliest, latest)).isGreaterThan(Duration.ofHours(3));
        }
    }

    @Test
    void loadsNothingIntoAQueueThatHoldsData() {
        boolean loadedAgain = new DemoData(database).loadIntoEmptyQueue(new DemoSize(2, 50, 5));

        assertThat(loadedAgain).isFalse();
        assertThat(new DemoData(database).counts()).isEqualTo(new DemoData.Counts(6, 3_000, 700));
    }

    @Test
    void loadsPastTheStatementTimeoutOfTheServicesPoolAndLeavesThatTimeoutInPlace() {
        try (TestDatabase other = TestDatabases.create();
             Database impatient = Database.connect(new DatabaseSettings(other.url(), null, null, 1,
                     Duration.ofSeconds(5), Duration.ofMillis(20)).inSchema(other.schema()))) {
            // Far more than 20 ms of work on any machine.
            boolean loadedThere = new DemoData(impatient).loadIntoEmptyQueue(new DemoSize(3, 40_000, 4_000));

            assertThat(loadedThere).isTrue();
            // Counted on a connection of the test's own: counting 40,000 rows may take over 20 ms on a busy machine.
            String counted = other.jdbi().withHandle(handle -> handle.createQuery(
                    "SELECT count(*) FILTER (WHERE status = 'queued') || '/' || count(*) FROM inquiries")
                    .mapTo(String.class).one());
            assertThat(counted).isEqualTo("4000/40000");
            String timeoutAfterwards = impatient.withHandle(handle -> handle.createQuery("SHOW statement_timeout")
                    .mapTo(String.class).one());
            assertThat(timeoutAfterwards).isEqualTo("20ms");
        }
    }

    private static long count(String sql) {
        return jdbi.withHandle(handle -> handle.createQuery(sql).mapTo(Long.class).one());
    }
}
