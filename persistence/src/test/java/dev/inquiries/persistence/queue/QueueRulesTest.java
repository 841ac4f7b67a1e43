package dev.inquiries.persistence.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import dev.inquiries.domain.InquiryStatus;
import dev.inquiries.domain.LivechatStatus;
import dev.inquiries.domain.Roles;
import dev.inquiries.persistence.AgentRepository;
import dev.inquiries.persistence.Database;
import dev.inquiries.persistence.UnitRepository;
import dev.inquiries.persistence.UserRepository;
import dev.inquiries.persistence.testing.TestDatabase;
import dev.inquiries.persistence.testing.TestDatabases;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * V26's rules, each read from its view by username: who holds which permission, who is an agent and on duty, who
 * is a restricted monitor and which departments it sees, and what "queued" means. Every role is named by
 * {@link Roles}, so a view that spelled a role differently from the seeded one would select nobody here.
 */
class QueueRulesTest {

    private static TestDatabase testDatabase;
    private static Database database;
    private static Jdbi jdbi;

    @BeforeAll
    static void arrangePeople() {
        testDatabase = TestDatabases.create();
        database = testDatabase.open();
        jdbi = testDatabase.jdbi();
        jdbi.useHandle(handle -> {
            for (String department : List.of("d1", "d2", "d3", "d4")) {
                handle.execute("INSERT INTO departments (id, name, enabled) VALUES (?, ?, ?)", department,
                        "Department " + department, !department.equals("d4"));
            }
        });
        UserRepository users = new UserRepository(database);
        AgentRepository agents = new AgentRepository(database);
        users.add("agent", null, List.of(Roles.LIVECHAT_AGENT));
        users.add("resting-agent", null, List.of(Roles.LIVECHAT_AGENT));
        users.add("gone-agent", null, List.of(Roles.LIVECHAT_AGENT));
        users.add("member", null, List.of(Roles.USER));
        users.add("plain-user", null, List.of(Roles.USER));
        users.add("monitor", null, List.of(Roles.LIVECHAT_MONITOR));
        users.add("unassigned-monitor", null, List.of(Roles.LIVECHAT_MONITOR));
        users.add("managing-monitor", null, List.of(Roles.LIVECHAT_MONITOR, Roles.LIVECHAT_MANAGER));
        users.add("admin-monitor", null, List.of(Roles.LIVECHAT_MONITOR, Roles.ADMIN));
        agents.setStatus("resting-agent", LivechatStatus.NOT_AVAILABLE);
        users.deactivate("gone-agent");
        agents.add("member", "d1");
        agents.add("monitor", "d3");
        agents.add("monitor", "d4");
        agents.add("monitor", "d1");
        UnitRepository units = new UnitRepository(database);
        units.add("U1", List.of("d1", "d2"), List.of("monitor", "managing-monitor", "admin-monitor"));
    }

    @AfterAll
    static void drop() {
        database.close();
        testDatabase.close();
    }

    @Test
    void anAgentIsWhoeverHoldsTheAgentRole() {
        // Joining a department gives the role (AgentRepository.add); a plain user is no agent.
        assertThat(usernames("SELECT user_id FROM livechat_agents"))
                .containsExactly("agent", "gone-agent", "member", "monitor", "resting-agent");
    }

    @Test
    void onDutyIsAnActiveAvailableAgent() {
        assertThat(usernames("SELECT user_id FROM agents_on_duty")).containsExactly("agent", "member", "monitor");
    }

    @Test
    void aMonitorOfAUnitWithoutManagingRolesIsRestricted() {
        assertThat(usernames("SELECT user_id FROM restricted_monitors")).containsExactly("monitor");
    }

    @Test
    void aRestrictedMonitorSeesItsUnitsDepartmentsAndItsEnabledMembershipsEachOnce() {
        List<String> departments = jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT r.department_id FROM restricted_monitor_departments r JOIN users u ON u.id = r.user_id
                         WHERE u.username = 'monitor' ORDER BY r.department_id""")
                .mapTo(String.class).list());

        assertThat(departments).containsExactly("d1", "d2", "d3");
        assertThat(usernames("SELECT user_id FROM restricted_monitor_departments")).containsOnly("monitor");
    }

    @Test
    void aUserHoldsThePermissionsItsRolesAreGrantedEachOnce() {
        Map<String, Set<String>> held = jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT u.username, p.permission_id FROM user_permissions p JOIN users u ON u.id = p.user_id
                         WHERE u.username IN ('agent', 'managing-monitor')""")
                .map((row, context) -> Map.entry(row.getString("username"), row.getString("permission_id")))
                .list())
                .stream()
                .collect(Collectors.groupingBy(Map.Entry::getKey,
                        Collectors.mapping(Map.Entry::getValue, Collectors.toSet())));
        long rows = jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT count(*) FROM user_permissions p JOIN users u ON u.id = p.user_id
                         WHERE u.username = 'managing-monitor'""")
                .mapTo(Long.class).one());

        assertThat(held.get("agent")).containsExactlyInAnyOrder(grantedTo(Roles.LIVECHAT_AGENT).toArray(String[]::new));
        Set<String> managing = grantedTo(Roles.LIVECHAT_MONITOR);
        managing.addAll(grantedTo(Roles.LIVECHAT_MANAGER));
        assertThat(held.get("managing-monitor")).containsExactlyInAnyOrder(managing.toArray(String[]::new));
        assertThat(rows).isEqualTo(managing.size());
    }

    @Test
    void onlyTheQueuedStatusIsQueued() {
        for (InquiryStatus status : InquiryStatus.values()) {
            boolean queued = jdbi.withHandle(handle -> handle.createQuery("SELECT inquiry_is_queued(:status)")
                    .bind("status", status.wireName()).mapTo(Boolean.class).one());

            assertThat(queued).as(status.wireName()).isEqualTo(status == InquiryStatus.QUEUED);
        }
    }

    private static Set<String> grantedTo(String role) {
        return Roles.DEFAULT_GRANTS.entrySet().stream()
                .filter(grant -> grant.getValue().contains(role))
                .map(grant -> grant.getKey().id())
                .collect(Collectors.toCollection(HashSet::new));
    }

    private static List<String> usernames(String userIds) {
        return jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT u.username FROM users u WHERE u.id IN (" + userIds + ") ORDER BY u.username")
                .mapTo(String.class).list());
    }
}
