package dev.inquiries.persistence.queue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.inquiries.domain.SortField;
import dev.inquiries.domain.SortSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SortColumnsTest {

    @ParameterizedTest
    @EnumSource(SortField.class)
    void mapsEverySortFieldToAPlainColumnName(SortField field) {
        assertThat(SortColumns.column(field)).matches("[a-z_]+");
    }

    @Test
    void buildsTheOrderFromTheColumnsWithTheTieBreakerAndMissingDepartmentsLowest() {
        assertThat(SortColumns.orderBy(SortSpec.parse("{\"department\":-1,\"ts\":1}"), "p."))
                .isEqualTo("p.department_id COLLATE \"C\" DESC NULLS LAST, p.ts ASC, p.id COLLATE \"C\" ASC");
        assertThat(SortColumns.orderBy(SortSpec.DEFAULT, ""))
                .isEqualTo("ts DESC, id COLLATE \"C\" DESC");
    }
}
