package dev.inquiries.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import dev.inquiries.domain.SortDirection;
import dev.inquiries.domain.SortObject.Term;
import org.junit.jupiter.api.Test;

class ListSortTest {

    private enum Field { KEY, LABEL, NOTE, WHEN }

    private static final ListSort<Field> SORT = ListSort.of(Field.class, Field.KEY)
            .column(Field.KEY, "key", ListSort.Kind.TEXT)
            .column(Field.LABEL, "label", ListSort.Kind.TEXT)
            .column(Field.NOTE, "note", ListSort.Kind.NULLABLE_TEXT)
            .column(Field.WHEN, "happened_at", ListSort.Kind.PLAIN)
            .build();

    @Test
    void endsEveryOrderWithTheUniqueFieldInTheDirectionOfTheLastTerm() {
        assertThat(SORT.orderBy(List.of(new Term<>(Field.WHEN, SortDirection.DESCENDING)), "t."))
                .isEqualTo("t.happened_at DESC, t.key COLLATE \"C\" DESC");
        assertThat(SORT.orderBy(List.of(), ""))
                .isEqualTo("key COLLATE \"C\" ASC");
    }

    @Test
    void stopsAtTheUniqueFieldWhereverTheTermsNameIt() {
        assertThat(SORT.orderBy(List.of(new Term<>(Field.KEY, SortDirection.DESCENDING),
                new Term<>(Field.LABEL, SortDirection.ASCENDING)), ""))
                .isEqualTo("key COLLATE \"C\" DESC");
    }

    @Test
    void comparesTextByteByByteAndPutsMissingValuesLowest() {
        assertThat(SORT.orderBy(List.of(new Term<>(Field.NOTE, SortDirection.ASCENDING),
                new Term<>(Field.LABEL, SortDirection.DESCENDING)), ""))
                .isEqualTo("note COLLATE \"C\" ASC NULLS FIRST, label COLLATE \"C\" DESC, key COLLATE \"C\" DESC");
        assertThat(SORT.orderBy(List.of(new Term<>(Field.NOTE, SortDirection.DESCENDING)), ""))
                .isEqualTo("note COLLATE \"C\" DESC NULLS LAST, key COLLATE \"C\" DESC");
    }

    @Test
    void refusesAListThatLeavesAFieldWithoutAColumnOrANullableTieBreaker() {
        assertThatThrownBy(() -> ListSort.of(Field.class, Field.KEY).column(Field.KEY, "key", ListSort.Kind.TEXT).build())
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> ListSort.of(Field.class, Field.NOTE)
                .column(Field.KEY, "key", ListSort.Kind.TEXT)
                .column(Field.LABEL, "label", ListSort.Kind.TEXT)
                .column(Field.NOTE, "note", ListSort.Kind.NULLABLE_TEXT)
                .column(Field.WHEN, "happened_at", ListSort.Kind.PLAIN)
                .build())
                .isInstanceOf(IllegalStateException.class);
    }
}
