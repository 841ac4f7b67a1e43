package dev.inquiries.persistence.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import dev.inquiries.domain.Authorized;
import dev.inquiries.domain.InquiryListRequest;
import dev.inquiries.domain.InquiryPage;
import dev.inquiries.domain.Page;
import dev.inquiries.domain.SortSpec;
import dev.inquiries.persistence.Database;
import dev.inquiries.persistence.LoginTokenRepository;
import dev.inquiries.persistence.queue.CallerCheck.Checked;
import dev.inquiries.persistence.queue.CallerCheck.Verdict;
import dev.inquiries.persistence.testing.QueueRows;
import dev.inquiries.persistence.testing.TestDatabase;
import dev.inquiries.persistence.testing.TestDatabases;
import dev.inquiries.persistence.testing.TestSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The caller check fails closed: only a row that says permitted grants, whatever else the statement returns. */
class CallerCheckTest {

    private static final InquiryListRequest ALL = new InquiryListRequest(
            Optional.empty(), new Page(0, OptionalLong.of(50)), SortSpec.DEFAULT);

    private static TestDatabase testDatabase;
    private static Database database;
    private static InquiryRepository repository;

    @BeforeAll
    static void arrangeQueue() {
        testDatabase = TestDatabases.create();
        database = testDatabase.open();
        repository = new InquiryRepository(database, new LoginTokenRepository(database, TestSettings.TOKEN_LIFETIME));
        new QueueRows(testDatabase.jdbi())
                .department("dep-sales", "Sales")
                .queued("q1", "Ada", "2024-01-01T10:00:00.000Z", "dep-sales");
    }

    @AfterAll
    static void dropDatabase() {
        database.close();
        testDatabase.close();
    }

    private record Row(Verdict caller) implements Checked {
    }

    @Test
    void refusesAStatementThatReturnedNoRowAtAll() {
        Authorized<String> outcome = CallerCheck.decide(List.<Row>of(), rows -> "read anyway");

        assertThat(outcome).isEqualTo(new Authorized.NotAuthenticated<String>());
    }

    @Test
    void letsTheFirstRowDecide() {
        assertThat(CallerCheck.decide(List.of(new Row(Verdict.NOT_AUTHENTICATED), new Row(Verdict.PERMITTED)), rows -> "x"))
                .isEqualTo(new Authorized.NotAuthenticated<String>());
        assertThat(CallerCheck.decide(List.of(new Row(Verdict.FORBIDDEN)), rows -> "x"))
                .isEqualTo(new Authorized.Forbidden<String>());
        assertThat(CallerCheck.decide(List.of(new Row(Verdict.PERMITTED)), rows -> "x"))
                .isEqualTo(new Authorized.Granted<>("x"));
    }

    @Test
    void refusesTheReadWhenTheCallerFragmentYieldsNoRow() {
        Authorized<InquiryPage> outcome = repository.read(ALL, new CallerCheck(
                "SELECT true AS permitted, NULL::text AS user_id, false AS restricted WHERE false", Map.of()));

        assertThat(outcome).isEqualTo(new Authorized.NotAuthenticated<InquiryPage>());
    }

    @Test
    void forbidsTheReadWhenTheCallerIsNotPermitted() {
        Authorized<InquiryPage> outcome = repository.read(ALL, new CallerCheck(
                "SELECT false AS permitted, NULL::text AS user_id, false AS restricted", Map.of()));

        assertThat(outcome).isEqualTo(new Authorized.Forbidden<InquiryPage>());
    }

    @Test
    void refusesTheReadWhenTheCallerIsUndecided() {
        Authorized<InquiryPage> outcome = repository.read(ALL, new CallerCheck(
                "SELECT NULL::boolean AS permitted, NULL::text AS user_id, false AS restricted", Map.of()));

        assertThat(outcome).isEqualTo(new Authorized.NotAuthenticated<InquiryPage>());
    }

    @Test
    void grantsTheTrustedReadItsPage() {
        Authorized<InquiryPage> outcome = repository.read(ALL, CallerCheck.trusted());

        assertThat(outcome).isInstanceOfSatisfying(Authorized.Granted.class, granted ->
                assertThat(((InquiryPage) granted.value()).inquiries()).extracting("id").containsExactly("q1"));
    }
}
