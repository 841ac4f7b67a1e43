package dev.inquiries.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import dev.inquiries.domain.SortObject.Term;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The agent list's parameters ({@code livechat/users/agent}). */
class AgentListRequestTest {

    private static final Paging PAGING = new Paging(50, 100, false);

    @Test
    void listsEveryAgentByNameByDefault() {
        AgentListRequest request = AgentListRequest.parse(Map.of(), PAGING);

        assertThat(request.text()).isEmpty();
        assertThat(request.onlyAvailable()).isFalse();
        assertThat(request.excludeId()).isEmpty();
        assertThat(request.page()).isEqualTo(new Page(0, OptionalLong.of(50)));
        assertThat(request.sort()).containsExactly(new Term<>(AgentSortField.NAME, SortDirection.ASCENDING));
    }

    @Test
    void readsEveryParameter() {
        AgentListRequest request = AgentListRequest.parse(Map.of(
                "text", List.of("an"), "onlyAvailable", List.of("true"), "excludeId", List.of("u1"),
                "offset", List.of("3"), "count", List.of("500"),
                "sort", List.of("{\"statusLivechat\":-1,\"username\":1}")), PAGING);

        assertThat(request.text()).contains("an");
        assertThat(request.onlyAvailable()).isTrue();
        assertThat(request.excludeId()).contains("u1");
        assertThat(request.page()).isEqualTo(new Page(3, OptionalLong.of(100)));
        assertThat(request.sort()).containsExactly(
                new Term<>(AgentSortField.STATUS_LIVECHAT, SortDirection.DESCENDING),
                new Term<>(AgentSortField.USERNAME, SortDirection.ASCENDING));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"ts\":1}", "{\"emails\":1}", "{\"name\":0}", "\"name\""})
    void refusesASortOutsideTheAgentsFields(String sort) {
        assertThatThrownBy(() -> AgentListRequest.parse(Map.of("sort", List.of(sort)), PAGING))
                .isInstanceOf(InvalidSortException.class)
                .hasMessage("Invalid sort parameter provided: \"" + sort + "\"");
    }

    @Test
    void refusesAnUnknownNameAndAnAvailabilityThatIsNeitherTrueNorFalse() {
        assertThatThrownBy(() -> AgentListRequest.parse(Map.of("showIdleAgents", List.of("true")), PAGING))
                .isInstanceOf(InvalidParametersException.class);
        assertThatThrownBy(() -> AgentListRequest.parse(Map.of("onlyAvailable", List.of("1")), PAGING))
                .isInstanceOf(InvalidParametersException.class)
                .hasMessage("The parameter \"onlyAvailable\" must be true or false");
    }
}
