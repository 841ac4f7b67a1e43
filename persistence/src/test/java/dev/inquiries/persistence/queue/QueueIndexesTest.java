package dev.inquiries.persistence.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import dev.inquiries.domain.InquiryListRequest;
import dev.inquiries.domain.Page;
import dev.inquiries.domain.SortSpec;
import dev.inquiries.persistence.SqlStatement;
import dev.inquiries.persistence.testing.TestDatabase;
import dev.inquiries.persistence.testing.TestDatabases;
import org.junit.jupiter.api.Test;

/** The list's statement reads the migrations' partial indexes of the queue, never the whole table. */
class QueueIndexesTest {

    @Test
    void servesTheQueuedListInTheDefaultOrderFromAnIndex() {
        try (TestDatabase large = TestDatabases.create()) {
            fill(large);
            for (Optional<String> department : List.of(Optional.<String>empty(), Optional.of("d3"), Optional.of("Department 3"))) {
                String plan = plan(large, new InquiryListRequest(department, new Page(0, OptionalLong.of(50)), SortSpec.DEFAULT));
                assertThat(plan).as(plan).doesNotContain("Seq Scan on inquiries").contains("inquiries_queued_");
            }
        }
    }

    /**
     * Oldest first, the scan starts at the head of the queue it reads (V31's queue_heads): the head is an index
     * condition, evaluated once, not a filter applied to every entry from the oldest on.
     */
    @Test
    void startsAnOldestFirstPageAtTheHeadOfItsQueue() {
        try (TestDatabase large = TestDatabases.create()) {
            fill(large);
            for (Optional<String> department : List.of(Optional.<String>empty(), Optional.of("d3"))) {
                String plan = plan(large, new InquiryListRequest(department, new Page(0, OptionalLong.of(50)),
                        SortSpec.OLDEST_FIRST));
                assertThat(plan).as(plan).doesNotContain("Seq Scan on inquiries").contains("inquiries_queued_")
                        .containsPattern("Index Cond: \\(.*ts >= ");
            }
            // Newest first reads no head.
            assertThat(plan(large, new InquiryListRequest(Optional.empty(), new Page(0, OptionalLong.of(50)), SortSpec.DEFAULT)))
                    .doesNotContain("queue_heads");
        }
    }

    private static void fill(TestDatabase large) {
        large.jdbi().useHandle(handle -> {
            handle.execute("INSERT INTO departments (id, name) SELECT 'd' || g, 'Department ' || g FROM generate_series(1, 20) g");
            handle.execute("""
                    INSERT INTO inquiries (id, rid, name, ts, status, department_id)
                    SELECT 'i' || g, 'r' || g, 'Visitor ' || g, now() - g * interval '1 minute',
                           CASE WHEN g % 10 = 0 THEN 'queued' ELSE 'taken' END,
                           CASE WHEN g % 7 = 0 THEN NULL ELSE 'd' || (g % 20 + 1) END
                      FROM generate_series(1, 50000) g""");
            handle.execute("ANALYZE");
        });
    }

    private static String plan(TestDatabase large, InquiryListRequest request) {
        SqlStatement statement = InquiryRepository.pageStatement(request, CallerCheck.trusted());
        return large.jdbi().withHandle(handle -> String.join("\n", handle
                .createQuery("EXPLAIN " + statement.render(handle))
                .bindMap(statement.parameters())
                .mapTo(String.class)
                .list()));
    }
}
