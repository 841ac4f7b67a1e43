package dev.inquiries.persistence.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicReference;

import dev.inquiries.domain.Credentials;
import dev.inquiries.domain.Inquiry;
import dev.inquiries.domain.InquiryListRequest;
import dev.inquiries.domain.InquiryPage;
import dev.inquiries.domain.Page;
import dev.inquiries.domain.Permission;
import dev.inquiries.domain.SortSpec;
import dev.inquiries.persistence.Database;
import dev.inquiries.persistence.LoginTokenRepository;
import dev.inquiries.persistence.SqlStatement;
import dev.inquiries.persistence.testing.QueueRows;
import dev.inquiries.persistence.testing.TestDatabase;
import dev.inquiries.persistence.testing.TestDatabases;
import dev.inquiries.persistence.testing.TestSettings;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.StatementCustomizer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class InquiryRepositoryTest {

    private static TestDatabase testDatabase;
    private static Database database;
    private static InquiryRepository repository;

    @BeforeAll
    static void arrangeQueue() {
        testDatabase = TestDatabases.create();
        database = testDatabase.open();
        repository = new InquiryRepository(database, new LoginTokenRepository(database, TestSettings.TOKEN_LIFETIME));
        // Inserted out of every order the tests ask for.
        new QueueRows(testDatabase.jdbi())
                .department("dep-support", "Support")
                .department("dep-sales", "Sales")
                .department("Sales", "Named after another's name")
                .queued("q3", "Carl", "2024-01-02T09:00:00.000Z", "dep-support")
                .inquiry("t1", "Taken Tim", "2024-01-05T00:00:00.000Z", "taken", "dep-sales")
                .queued("q5", "Émile", "2023-12-31T23:59:59.999Z", "dep-support")
                .queued("q2", "bob", "2024-01-01T10:00:00.000Z", "dep-sales")
                .inquiry("o1", "Open Olga", "2024-01-04T00:00:00.000Z", "open", null)
                .queued("q4", "Ada", "2024-01-03T00:00:00.000Z", null)
                .queued("q1", "Ada", "2024-01-01T10:00:00.000Z", "dep-sales")
                .inquiry("v1", "Verifying Vic", "2024-01-06T00:00:00.000Z", "verifying", "dep-support");
    }

    @AfterAll
    static void dropDatabase() {
        database.close();
        testDatabase.close();
    }

    @Test
    void listsOnlyQueuedInquiriesNewestFirstByDefault() {
        InquiryPage page = list(Optional.empty(), SortSpec.DEFAULT, 0, 50);

        assertThat(ids(page)).containsExactly("q4", "q3", "q2", "q1", "q5");
        assertThat(page.total()).isEqualTo(5);
        assertThat(page.count()).isEqualTo(5);
        assertThat(page.offset()).isZero();
    }

    @Test
    void mapsEveryColumnOfAnInquiry() {
        InquiryPage page = list(Optional.of("dep-support"), SortSpec.parse("{\"ts\":-1}"), 0, 1);

        Inquiry carl = page.inquiries().getFirst();
        assertThat(carl.id()).isEqualTo("q3");
        assertThat(carl.rid()).isEqualTo("room-q3");
        assertThat(carl.name()).isEqualTo("Carl");
        assertThat(carl.ts()).hasToString("2024-01-02T09:00:00Z");
        assertThat(carl.status().wireName()).isEqualTo("queued");
        assertThat(carl.department()).contains("dep-support");
        assertThat(list(Optional.empty(), SortSpec.DEFAULT, 0, 1).inquiries().getFirst().department()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "{\"ts\":-1}                   | q4,q3,q2,q1,q5",
            "{\"ts\":1}                    | q5,q1,q2,q3,q4",
            "{\"name\":1}                  | q1,q4,q3,q2,q5",
            "{\"name\":-1}                 | q5,q2,q3,q4,q1",
            "{\"_id\":1}                   | q1,q2,q3,q4,q5",
            "{\"_id\":-1}                  | q5,q4,q3,q2,q1",
            "{\"rid\":1}                   | q1,q2,q3,q4,q5",
            "{\"rid\":-1}                  | q5,q4,q3,q2,q1",
            "{\"status\":1}                | q1,q2,q3,q4,q5",
            "{\"status\":-1}               | q5,q4,q3,q2,q1",
            "{\"department\":1}            | q4,q1,q2,q3,q5",
            "{\"department\":-1}           | q5,q3,q2,q1,q4",
            "{\"department\":1,\"ts\":-1}  | q4,q2,q1,q3,q5",
            "{\"name\":1,\"ts\":1}         | q1,q4,q3,q2,q5",
            "{\"name\":1,\"_id\":-1}       | q4,q1,q3,q2,q5",
            "{}                            | q1,q2,q3,q4,q5",
    })
    void ordersByEachFieldBothWaysWithIdAsTieBreaker(String sort, String expected) {
        InquiryPage page = list(Optional.empty(), SortSpec.parse(sort), 0, 50);

        assertThat(ids(page)).containsExactly(expected.split(","));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"{\"ts\":-1}", "{\"name\":1}", "{\"department\":-1,\"name\":1}", "{\"status\":1}"})
    void pagesNeitherRepeatNorSkipAnInquiry(String sort) {
        SortSpec spec = SortSpec.parse(sort);
        List<String> walked = new ArrayList<>();
        for (int offset = 0; offset < 7; offset++) {
            walked.addAll(ids(list(Optional.empty(), spec, offset, 1)));
        }

        assertThat(walked).containsExactlyElementsOf(ids(list(Optional.empty(), spec, 0, 50)));
    }

    @Test
    void filtersByDepartmentId() {
        InquiryPage page = list(Optional.of("dep-sales"), SortSpec.DEFAULT, 0, 50);

        assertThat(ids(page)).containsExactly("q2", "q1");
        assertThat(page.total()).isEqualTo(2);
    }

    @Test
    void filtersByDepartmentName() {
        InquiryPage page = list(Optional.of("Support"), SortSpec.DEFAULT, 0, 50);

        assertThat(ids(page)).containsExactly("q3", "q5");
        assertThat(page.total()).isEqualTo(2);
    }

    @Test
    void prefersTheDepartmentWhoseIdMatchesOverOneWhoseNameMatches() {
        // "Sales" is the id of one department and the name of another; the id wins, and it has no inquiries.
        InquiryPage page = list(Optional.of("Sales"), SortSpec.DEFAULT, 0, 50);

        assertThat(page.inquiries()).isEmpty();
        assertThat(page.total()).isZero();
    }

    @Test
    void answersAnUnknownDepartmentWithAnEmptyPage() {
        InquiryPage page = list(Optional.of("no such department"), SortSpec.DEFAULT, 0, 50);

        assertThat(page.inquiries()).isEmpty();
        assertThat(page.total()).isZero();
    }

    @Test
    void answersADepartmentPostgresCannotStoreWithAnEmptyPage() {
        InquiryPage page = list(Optional.of("Sales\0"), SortSpec.DEFAULT, 0, 50);

        assertThat(page.inquiries()).isEmpty();
        assertThat(page.total()).isZero();
    }

    @Test
    void pagesWithOffsetAndCountAndKeepsTheTotalOfAllPages() {
        InquiryPage page = list(Optional.empty(), SortSpec.DEFAULT, 1, 2);

        assertThat(ids(page)).containsExactly("q3", "q2");
        assertThat(page.total()).isEqualTo(5);
        assertThat(page.offset()).isEqualTo(1);
    }

    @Test
    void answersAnOffsetPastTheEndWithAnEmptyPageAndTheTotal() {
        InquiryPage page = list(Optional.empty(), SortSpec.DEFAULT, 1_000_000_000_000L, 50);

        assertThat(page.inquiries()).isEmpty();
        assertThat(page.total()).isEqualTo(5);
        assertThat(page.offset()).isEqualTo(1_000_000_000_000L);
    }

    @Test
    void answersTheLargestOffsetPostgresCanSkip() {
        InquiryPage page = list(Optional.of("dep-sales"), SortSpec.DEFAULT, Long.MAX_VALUE, 50);

        assertThat(page.inquiries()).isEmpty();
        assertThat(page.total()).isEqualTo(2);
    }

    @Test
    void listsEverythingWhenThePageHasNoLimit() {
        InquiryListRequest unlimited = new InquiryListRequest(
                Optional.empty(), new Page(0, OptionalLong.empty()), SortSpec.DEFAULT);

        assertThat(repository.list(unlimited).inquiries()).hasSize(5);
    }

    @Test
    void acceptsARequestParsedFromQueryParameters() {
        InquiryListRequest request = InquiryListRequest.parse(Map.of(
                        "department", List.of("dep-support"), "offset", List.of("1"), "count", List.of("1"),
                        "sort", List.of("{\"name\":-1}")),
                TestSettings.PAGING);

        InquiryPage page = repository.list(request);

        // dep-support by name descending ("C" collation): Émile, Carl; the second page of one is Carl.
        assertThat(ids(page)).containsExactly("q3");
        assertThat(page.total()).isEqualTo(2);
        assertThat(page.offset()).isEqualTo(1);
    }

    @ParameterizedTest(name = "department \"{0}\"")
    @ValueSource(strings = {"", "dep-sales"})
    void rendersExactlyTheSqlThatJdbiSends(String department) {
        InquiryListRequest request = new InquiryListRequest(Optional.of(department).filter(name -> !name.isEmpty()),
                new Page(0, OptionalLong.of(5)), SortSpec.parse("{\"name\":1}"));
        SqlStatement statement = InquiryRepository.listStatement(new Credentials("someone", "token"),
                Permission.VIEW_LIVECHAT_MANAGER, TestSettings.TOKEN_LIFETIME, request);

        testDatabase.jdbi().useHandle(handle -> {
            AtomicReference<String> sent = new AtomicReference<>();
            statement.query(handle)
                    .addCustomizer(new StatementCustomizer() {
                        @Override
                        public void beforeExecution(PreparedStatement prepared, StatementContext context) {
                            sent.set(context.getRenderedSql());
                        }
                    })
                    .mapToMap()
                    .list();
            assertThat(statement.render(handle)).isEqualTo(sent.get()).doesNotContain("<").contains("ORDER BY p.name COLLATE");
        });
    }

    private static InquiryPage list(Optional<String> department, SortSpec sort, long offset, long count) {
        return repository.list(new InquiryListRequest(department, new Page(offset, OptionalLong.of(count)), sort));
    }

    private static List<String> ids(InquiryPage page) {
        return page.inquiries().stream().map(Inquiry::id).toList();
    }
}
