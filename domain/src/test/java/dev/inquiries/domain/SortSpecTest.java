package dev.inquiries.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SortSpecTest {

    @Test
    void keepsTheKeysInTheOrderWritten() {
        SortSpec sort = SortSpec.parse("{\"name\": 1, \"ts\": -1, \"department\": 1}");

        assertThat(sort.keysWithTieBreaker()).containsExactly(
                new SortKey(SortField.NAME, SortDirection.ASCENDING),
                new SortKey(SortField.TS, SortDirection.DESCENDING),
                new SortKey(SortField.DEPARTMENT, SortDirection.ASCENDING),
                new SortKey(SortField.ID, SortDirection.ASCENDING));
    }

    @Test
    void acceptsEveryListedFieldBothWays() {
        for (SortField field : SortField.values()) {
            assertThat(SortSpec.parse("{\"" + field.wireName() + "\":1}").keysWithTieBreaker().getFirst())
                    .isEqualTo(new SortKey(field, SortDirection.ASCENDING));
            assertThat(SortSpec.parse("{\"" + field.wireName() + "\":-1}").keysWithTieBreaker().getFirst())
                    .isEqualTo(new SortKey(field, SortDirection.DESCENDING));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"ts\":1.0}", "{\"ts\":1e0}", "{\"ts\":10e-1}", " {\"ts\" : 1 } "})
    void readsNumbersAsJavaScriptDoes(String raw) {
        assertThat(SortSpec.parse(raw).keysWithTieBreaker()).containsExactly(
                new SortKey(SortField.TS, SortDirection.ASCENDING), new SortKey(SortField.ID, SortDirection.ASCENDING));
    }

    @Test
    void endsEveryOrderWithTheIdInTheDirectionOfTheLastKey() {
        assertThat(SortSpec.parse("{\"name\":1,\"ts\":-1}").keysWithTieBreaker()).containsExactly(
                new SortKey(SortField.NAME, SortDirection.ASCENDING),
                new SortKey(SortField.TS, SortDirection.DESCENDING),
                new SortKey(SortField.ID, SortDirection.DESCENDING));
        assertThat(SortSpec.DEFAULT.keysWithTieBreaker()).containsExactly(
                new SortKey(SortField.TS, SortDirection.DESCENDING),
                new SortKey(SortField.ID, SortDirection.DESCENDING));
    }

    @Test
    void needsNoTieBreakerAfterTheId() {
        assertThat(SortSpec.parse("{\"_id\":-1,\"name\":1}").keysWithTieBreaker())
                .containsExactly(new SortKey(SortField.ID, SortDirection.DESCENDING));
    }

    @Test
    void ordersAnEmptyObjectByIdAlone() {
        assertThat(SortSpec.parse("{}").keysWithTieBreaker())
                .containsExactly(new SortKey(SortField.ID, SortDirection.ASCENDING));
    }

    @Test
    void defaultsToNewestFirst() {
        assertThat(SortSpec.DEFAULT).isEqualTo(SortSpec.parse("{\"ts\":-1}"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "ts", "\"ts\"", "[]", "[{\"ts\":1}]", "null", "1", "true", "{", "}", "{\"ts\":1", "{\"ts\":1}}",
            "{\"ts\":1} {\"ts\":1}", "{\"ts\":1}x", "{ts:1}", "{'ts':1}", "{\"ts\":0}", "{\"ts\":2}", "{\"ts\":-2}",
            "{\"ts\":1.5}", "{\"ts\":\"1\"}", "{\"ts\":\"asc\"}", "{\"ts\":true}", "{\"ts\":null}", "{\"ts\":[1]}",
            "{\"ts\":{\"$gt\":1}}", "{\"ts\":NaN}", "{\"ts\":Infinity}", "{\"ts\":1e400000}", "{\"ts\":+1}",
            "{\"ts\":01}", "{\"TS\":1}", "{\" ts\":1}", "{\"id\":1}", "{\"department_id\":1}", "{\"queuedAt\":1}",
            "{\"ts\":1,\"ts\":-1}", "{\"ts\":1,\"ts\":1}", "{\"name; DROP TABLE inquiries\":1}",
            "{\"ts\\u0000\":1}", "{\"ts\":1 /* comment */}", "{\"__proto__\":1}", "{\"$natural\":1}", "",
            "{\"ts\":1,}", "{,}"})
    void refusesAnythingButAnObjectOfListedFieldsWithOneOrMinusOne(String raw) {
        assertThatThrownBy(() -> SortSpec.parse(raw))
                .isInstanceOf(InvalidSortException.class)
                .hasMessage("Invalid sort parameter provided: \"" + raw + "\"")
                .extracting(failure -> ((InvalidSortException) failure).error())
                .isEqualTo("Invalid sort parameter provided: \"" + raw + "\" [error-invalid-sort]");
    }

    @Test
    void refusesDeeplyNestedAndOverlongInput() {
        String nested = "{\"ts\":" + "[".repeat(5000) + "]".repeat(5000) + "}";
        String longKey = "{\"" + "a".repeat(100_000) + "\":1}";
        String longNumber = "{\"ts\":" + "1".repeat(100_000) + "}";

        for (String raw : List.of(nested, longKey, longNumber)) {
            assertThatThrownBy(() -> SortSpec.parse(raw)).isInstanceOf(InvalidSortException.class);
        }
    }
}
