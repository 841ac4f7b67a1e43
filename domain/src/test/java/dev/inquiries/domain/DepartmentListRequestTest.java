package dev.inquiries.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

import dev.inquiries.domain.SortObject.Term;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The department list's parameters, and who counts as an agent for {@code onlyMyDepartments}. */
class DepartmentListRequestTest {

    private static final Paging PAGING = new Paging(50, 100, false);

    @Test
    void ordersByNameThenIdByDefault() {
        DepartmentListRequest request = DepartmentListRequest.parse(Map.of(), PAGING);

        assertThat(request.sortWithTieBreaker()).containsExactly(
                new Term<>(DepartmentSortField.NAME, SortDirection.ASCENDING),
                new Term<>(DepartmentSortField.ID, SortDirection.ASCENDING));
        assertThat(request.text()).isEmpty();
        assertThat(request.enabledOnly()).isFalse();
        assertThat(request.onlyMyDepartments()).isFalse();
    }

    @Test
    void readsEveryParameter() {
        DepartmentListRequest request = DepartmentListRequest.parse(Map.of(
                "text", List.of("sal"), "enabled", List.of("true"), "onlyMyDepartments", List.of("true"),
                "offset", List.of("2"), "count", List.of("500"), "sort", List.of("{\"enabled\":-1,\"_id\":1}")), PAGING);

        assertThat(request.text()).contains("sal");
        assertThat(request.enabledOnly()).isTrue();
        assertThat(request.onlyMyDepartments()).isTrue();
        assertThat(request.page()).isEqualTo(new Page(2, OptionalLong.of(100)));
        assertThat(request.sortWithTieBreaker()).containsExactly(
                new Term<>(DepartmentSortField.ENABLED, SortDirection.DESCENDING),
                new Term<>(DepartmentSortField.ID, SortDirection.ASCENDING));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"ts\":1}", "{\"name\":2}", "[]", "{\"name\":1,\"name\":-1}"})
    void refusesASortOutsideTheDepartmentsFields(String sort) {
        assertThatThrownBy(() -> DepartmentListRequest.parse(Map.of("sort", List.of(sort)), PAGING))
                .isInstanceOf(InvalidSortException.class)
                .hasMessage("Invalid sort parameter provided: \"" + sort + "\"");
    }

    @Test
    void refusesAnUnknownNameAndASwitchThatIsNeitherTrueNorFalse() {
        assertThatThrownBy(() -> DepartmentListRequest.parse(Map.of("department", List.of("x")), PAGING))
                .isInstanceOf(InvalidParametersException.class);
        assertThatThrownBy(() -> DepartmentListRequest.parse(Map.of("enabled", List.of("1")), PAGING))
                .isInstanceOf(InvalidParametersException.class)
                .hasMessage("The parameter \"enabled\" must be true or false");
        assertThatThrownBy(() -> AgentDepartmentsRequest.parse(Map.of("enabledDepartmentsOnly", List.of("yes"))))
                .isInstanceOf(InvalidParametersException.class);
    }

    @Test
    void countsOnlyAPlainAgentAsAnAgentForItsOwnDepartments() {
        assertThat(DepartmentScope.of(caller(Roles.LIVECHAT_AGENT, Roles.USER))).isEqualTo(DepartmentScope.OWN);
        assertThat(DepartmentScope.of(caller(Roles.LIVECHAT_AGENT, Roles.LIVECHAT_MANAGER))).isEqualTo(DepartmentScope.SEEN);
        assertThat(DepartmentScope.of(caller(Roles.LIVECHAT_AGENT, Roles.ADMIN))).isEqualTo(DepartmentScope.SEEN);
        assertThat(DepartmentScope.of(caller(Roles.LIVECHAT_MONITOR))).isEqualTo(DepartmentScope.SEEN);
        assertThat(DepartmentScope.of(caller(Roles.USER))).isEqualTo(DepartmentScope.SEEN);
    }

    @Test
    void decidesByTheGrantOfOverseeingTheQueueNotByRoleNames() {
        Principal agentGrantedOversight = new Principal("u2", "lead", Set.of(Roles.LIVECHAT_AGENT),
                Set.of(Permission.VIEW_L_ROOM.id(), Permission.VIEW_LIVECHAT_MANAGER.id()));
        Principal managerWithoutIt = new Principal("u3", "acting", Set.of(Roles.LIVECHAT_AGENT, Roles.LIVECHAT_MANAGER),
                Set.of(Permission.VIEW_L_ROOM.id()));

        assertThat(DepartmentScope.of(agentGrantedOversight)).isEqualTo(DepartmentScope.SEEN);
        assertThat(DepartmentScope.of(managerWithoutIt)).isEqualTo(DepartmentScope.OWN);
    }

    /** A caller with the roles and the permissions the defaults grant them. */
    private static Principal caller(String... roles) {
        Set<String> granted = new HashSet<>();
        Roles.DEFAULT_GRANTS.forEach((permission, to) -> {
            if (to.stream().anyMatch(Set.of(roles)::contains)) {
                granted.add(permission.id());
            }
        });
        return new Principal("u1", "someone", Set.of(roles), granted);
    }
}
