package dev.inquiries.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.inquiries.domain.DepartmentListRequest;
import dev.inquiries.domain.LivechatStatus;
import dev.inquiries.domain.Paging;
import dev.inquiries.domain.Roles;
import dev.inquiries.persistence.testing.TestDatabase;
import dev.inquiries.persistence.testing.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/** Departments and agents on PostgreSQL: naming, the membership rule, the list's order and concurrent toggles. */
class DepartmentsAndAgentsTest {

    private static final Paging PAGING = new Paging(50, 100, false);

    private static TestDatabase testDatabase;
    private static Database database;
    private static DepartmentRepository departments;
    private static AgentRepository agents;

    @BeforeAll
    static void arrange() {
        testDatabase = TestDatabases.create();
        database = testDatabase.open();
        departments = new DepartmentRepository(database);
        agents = new AgentRepository(database);
        // Scrambled: the list must order them itself. "Beta"'s id is another department's name.
        departments.add("Gamma", "g");
        departments.add("Alpha", "Beta");
        departments.add("Beta", "b");
        new UserRepository(database).add("ivy", null, List.of(Roles.LIVECHAT_AGENT));
    }

    @AfterAll
    static void drop() {
        database.close();
        testDatabase.close();
    }

    @Test
    void namesADepartmentByIdBeforeName() {
        AgentMembership membership = agents.add("ivy", "Beta");

        assertThat(membership.departmentId()).isEqualTo("Beta");
        assertThat(membership.departmentName()).isEqualTo("Alpha");
        agents.remove("ivy", "Beta");
    }

    @Test
    void countsNoMembershipOfADisabledDepartment() {
        agents.add("ivy", "g");
        departments.setEnabled("g", false);
        try {
            assertThat(agents.departmentsOf(userId("ivy"), true)).isEmpty();
            assertThat(agents.departmentsOf(userId("ivy"), false)).extracting(AgentMembership::departmentId)
                    .containsExactly("g");
            assertThat(departments.list(request(Map.of("onlyMyDepartments", "true")), Optional.of(userId("ivy"))).total())
                    .isZero();
            assertThat(departments.list(request(Map.of()), Optional.empty()).departments())
                    .filteredOn(department -> department.id().equals("g"))
                    .extracting(DepartmentSummary::numAgents).containsExactly(0L);
        } finally {
            departments.setEnabled("g", true);
            agents.remove("ivy", "g");
        }
    }

    @Test
    void listsInTheOrderAskedWithTheIdBreakingTies() {
        assertThat(departments.list(request(Map.of()), Optional.empty()).departments())
                .extracting(DepartmentSummary::name).containsExactly("Alpha", "Beta", "Gamma");
        assertThat(departments.list(request(Map.of("sort", "{\"enabled\":-1}")), Optional.empty()).departments())
                .extracting(DepartmentSummary::id).containsExactly("g", "b", "Beta");
        DepartmentPage beyond = departments.list(request(Map.of("offset", "5")), Optional.empty());
        assertThat(beyond.departments()).isEmpty();
        assertThat(beyond.total()).isEqualTo(3);
    }

    @RepeatedTest(3)
    void togglesOncePerRequestUnderConcurrentToggles() throws Exception {
        String ivy = userId("ivy");
        LivechatStatus before = agents.setStatusById(ivy, Optional.of(LivechatStatus.AVAILABLE)).orElseThrow();
        int toggles = 51;
        CyclicBarrier start = new CyclicBarrier(toggles);
        List<Future<LivechatStatus>> results = new ArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(toggles)) {
            for (int i = 0; i < toggles; i++) {
                results.add(threads.submit(() -> {
                    start.await();
                    return agents.setStatusById(ivy, Optional.empty()).orElseThrow();
                }));
            }
        }
        long available = 0;
        for (Future<LivechatStatus> result : results) {
            available += result.get() == LivechatStatus.AVAILABLE ? 1 : 0;
        }

        assertThat(before).isEqualTo(LivechatStatus.AVAILABLE);
        assertThat(available).isEqualTo(toggles / 2);
        assertThat(agents.setStatusById(ivy, Optional.empty())).contains(LivechatStatus.AVAILABLE);
    }

    private static DepartmentListRequest request(Map<String, String> parameters) {
        Map<String, List<String>> all = new LinkedHashMap<>();
        parameters.forEach((name, value) -> all.put(name, List.of(value)));
        return DepartmentListRequest.parse(all, PAGING);
    }

    private static String userId(String username) {
        return new UserRepository(database).findByUsername(username).orElseThrow().id();
    }
}
