package dev.inquiries.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;

class InquiryListRequestTest {

    private static final Paging PAGING = new Paging(50, 100, false);

    @Test
    void defaultsEverything() {
        InquiryListRequest request = InquiryListRequest.parse(Map.of(), PAGING);

        assertThat(request.department()).isEmpty();
        assertThat(request.page()).isEqualTo(new Page(0, OptionalLong.of(50)));
        assertThat(request.sort()).isEqualTo(SortSpec.DEFAULT);
    }

    @Test
    void readsEveryParameter() {
        InquiryListRequest request = InquiryListRequest.parse(Map.of(
                "department", List.of("Sales"),
                "offset", List.of("5"),
                "count", List.of("7"),
                "sort", List.of("{\"name\":1}")), PAGING);

        assertThat(request.department()).contains("Sales");
        assertThat(request.page()).isEqualTo(new Page(5, OptionalLong.of(7)));
        assertThat(request.sort()).isEqualTo(SortSpec.parse("{\"name\":1}"));
    }

    @Test
    void treatsEmptyValuesAsAbsent() {
        InquiryListRequest request = InquiryListRequest.parse(Map.of(
                "department", List.of(""),
                "offset", List.of(""),
                "count", List.of(),
                "sort", List.of("")), PAGING);

        assertThat(request).isEqualTo(InquiryListRequest.parse(Map.of(), PAGING));
    }

    @Test
    void keepsADepartmentExactlyAsGiven() {
        InquiryListRequest request = InquiryListRequest.parse(
                Map.of("department", List.of(" Sales' OR 1=1 -- ")), PAGING);

        assertThat(request.department()).contains(" Sales' OR 1=1 -- ");
    }

    @Test
    void refusesUnknownParameters() {
        for (String name : List.of("fields", "query", "status", "Count", "_", "department[]")) {
            assertThatThrownBy(() -> InquiryListRequest.parse(Map.of(name, List.of("1")), PAGING))
                    .isInstanceOf(InvalidParametersException.class)
                    .hasMessage("Unknown parameter \"" + name + "\"; the parameters are department, offset, count and sort");
        }
    }

    @Test
    void shortensAnOverlongUnknownNameInTheMessage() {
        String name = "x".repeat(1000);

        assertThatThrownBy(() -> InquiryListRequest.parse(Map.of(name, List.of("1")), PAGING))
                .hasMessageContaining("x".repeat(64) + "...")
                .hasMessageNotContaining("x".repeat(65));
    }

    @Test
    void refusesARepeatedParameter() {
        for (String name : InquiryListRequest.PARAMETERS) {
            assertThatThrownBy(() -> InquiryListRequest.parse(Map.of(name, List.of("1", "1")), PAGING))
                    .isInstanceOf(InvalidParametersException.class)
                    .hasMessage("The parameter \"" + name + "\" must be given at most once");
        }
    }

    @Test
    void checksParameterNamesBeforeTheirValues() {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        parameters.put("sort", List.of("not json"));
        parameters.put("bogus", List.of("1"));

        assertThatThrownBy(() -> InquiryListRequest.parse(parameters, PAGING))
                .isInstanceOf(InvalidParametersException.class);
    }

    @Test
    void reportsAnInvalidSortWithItsOwnErrorType() {
        assertThatThrownBy(() -> InquiryListRequest.parse(Map.of("sort", List.of("{\"x\":1}")), PAGING))
                .isInstanceOf(InvalidSortException.class)
                .extracting(failure -> ((InvalidRequestException) failure).errorType())
                .isEqualTo("error-invalid-sort");
    }
}
