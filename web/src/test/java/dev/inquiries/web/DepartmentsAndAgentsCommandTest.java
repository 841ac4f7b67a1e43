package dev.inquiries.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.inquiries.domain.RandomIds;
import dev.inquiries.persistence.testing.TestDatabase;
import dev.inquiries.persistence.testing.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code departments}, {@code agents} and {@code units} as scripts call them: one line of JSON, or one error line. */
class DepartmentsAndAgentsCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ID = "[" + RandomIds.ALPHABET + "]{17}";

    private static TestDatabase testDatabase;

    @BeforeAll
    static void createDatabase() {
        testDatabase = TestDatabases.create();
    }

    @AfterAll
    static void dropDatabase() {
        testDatabase.close();
    }

    @Test
    void addsADepartmentAndPrintsIt() throws Exception {
        CommandRun run = run("departments", "add", "--name", "Sales");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out().lines()).hasSize(1);
        JsonNode department = JSON.readTree(run.out());
        assertThat(department.get("_id").asText()).matches(ID);
        assertThat(run.out().strip())
                .isEqualTo("{\"_id\":\"" + department.get("_id").asText() + "\",\"name\":\"Sales\",\"enabled\":true}");
    }

    @Test
    void addsADepartmentWithItsOwnIdAndRenamesDisablesAndEnablesItByNameOrId() {
        assertThat(run("departments", "add", "--name", "Billing", "--id", "billing").out().strip())
                .isEqualTo("{\"_id\":\"billing\",\"name\":\"Billing\",\"enabled\":true}");

        assertThat(run("departments", "rename", "--department", "Billing", "--name", "Invoices").out().strip())
                .isEqualTo("{\"_id\":\"billing\",\"name\":\"Invoices\",\"enabled\":true}");
        assertThat(run("departments", "disable", "--department", "billing").out().strip())
                .isEqualTo("{\"_id\":\"billing\",\"name\":\"Invoices\",\"enabled\":false}");
        assertThat(run("departments", "enable", "--department", "Invoices").out().strip())
                .isEqualTo("{\"_id\":\"billing\",\"name\":\"Invoices\",\"enabled\":true}");
    }

    @Test
    void refusesATakenNameAnUnknownDepartmentAndATakenIdInOneLine() {
        run("departments", "add", "--name", "Taken", "--id", "taken");

        assertRefused(run("departments", "add", "--name", "Taken"), "inquiries: The department name \"Taken\" is taken");
        assertRefused(run("departments", "add", "--name", "Other", "--id", "taken"),
                "inquiries: The department id \"taken\" is taken");
        assertRefused(run("departments", "rename", "--department", "nowhere", "--name", "X"),
                "inquiries: There is no department \"nowhere\"");
        assertRefused(run("departments", "disable", "--department", "nowhere"),
                "inquiries: There is no department \"nowhere\"");
    }

    @Test
    void addsAnAgentToADepartmentGivingItTheAgentRole() throws Exception {
        run("departments", "add", "--name", "Support", "--id", "support");
        run("users", "add", "--username", "ana", "--roles", "user");

        CommandRun run = run("agents", "add", "--username", "ana", "--department", "Support");

        assertThat(run.exitCode()).isZero();
        JsonNode membership = JSON.readTree(run.out());
        assertThat(membership.get("_id").asText()).matches(ID);
        assertThat(membership.get("departmentId").asText()).isEqualTo("support");
        assertThat(membership.get("departmentName").asText()).isEqualTo("Support");
        assertThat(membership.get("username").asText()).isEqualTo("ana");
        assertThat(membership.get("departmentEnabled").asBoolean()).isTrue();
        assertThat(roles("ana")).containsExactly("livechat-agent", "user");
        assertRefused(run("agents", "add", "--username", "ana", "--department", "support"),
                "inquiries: \"ana\" is already an agent of \"support\"");
    }

    @Test
    void removesAnAgentFromADepartmentAndKeepsItsRole() {
        run("departments", "add", "--name", "Returns", "--id", "returns");
        run("users", "add", "--username", "bo", "--roles", "livechat-agent");
        run("agents", "add", "--username", "bo", "--department", "returns");

        CommandRun run = run("agents", "remove", "--username", "bo", "--department", "Returns");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("\"departmentId\":\"returns\"");
        assertThat(count("SELECT count(*) FROM department_agents WHERE department_id = 'returns'")).isZero();
        assertThat(roles("bo")).containsExactly("livechat-agent");
        assertRefused(run("agents", "remove", "--username", "bo", "--department", "returns"),
                "inquiries: The user is no agent of that department");
    }

    @Test
    void setsAnAgentsStatusAndRefusesANonAgentAndAnUnknownStatus() {
        run("users", "add", "--username", "cy", "--roles", "livechat-agent");
        run("users", "add", "--username", "dee", "--roles", "user");

        CommandRun run = run("agents", "status", "--username", "cy", "--status", "not-available");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out().strip()).isEqualTo("{\"username\":\"cy\",\"statusLivechat\":\"not-available\"}");
        assertThat(count("SELECT count(*) FROM users WHERE username = 'cy' AND status_livechat = 'not-available'"))
                .isEqualTo(1);
        assertRefused(run("agents", "status", "--username", "dee", "--status", "available"),
                "inquiries: \"dee\" is not an agent");
        CommandRun wrong = run("agents", "status", "--username", "cy", "--status", "away");
        assertThat(wrong.exitCode()).isEqualTo(2);
        assertThat(wrong.err().lines()).hasSize(1);
    }

    @Test
    void addsAUnitWithDepartmentsAndMonitorsAndAssignsAnotherMonitor() throws Exception {
        run("departments", "add", "--name", "North", "--id", "north");
        run("departments", "add", "--name", "South", "--id", "south");
        run("users", "add", "--username", "mona", "--roles", "user");
        run("users", "add", "--username", "mo", "--roles", "user");

        CommandRun run = run("units", "add", "--name", "Europe", "--departments", "north,South", "--monitors", "mona");

        assertThat(run.exitCode()).isZero();
        JsonNode unit = JSON.readTree(run.out());
        assertThat(unit.get("_id").asText()).matches(ID);
        assertThat(run.out().strip()).isEqualTo("{\"_id\":\"" + unit.get("_id").asText() + "\",\"name\":\"Europe\"}");
        assertThat(count("SELECT count(*) FROM unit_departments")).isEqualTo(2);
        assertThat(roles("mona")).containsExactly("livechat-monitor", "user");

        assertThat(run("units", "monitors", "add", "--unit", "Europe", "--username", "mo").out().strip())
                .isEqualTo(run.out().strip());
        assertThat(count("SELECT count(*) FROM unit_monitors")).isEqualTo(2);
        assertRefused(run("units", "add", "--name", "Nowhere", "--departments", "atlantis"),
                "inquiries: There is no department \"atlantis\"");
        assertRefused(run("units", "monitors", "add", "--unit", "Asia", "--username", "mo"),
                "inquiries: There is no unit \"Asia\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"departments add", "departments rename", "departments disable", "departments enable",
            "agents add", "agents remove", "agents status", "units add", "units monitors add"})
    void explainsEveryCommandWithHelp(String command) {
        CommandRun run = CommandRun.of(Map.of(), (command + " --help").split(" "));

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("Usage: inquiries " + command);
    }

    private static void assertRefused(CommandRun run, String line) {
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().strip()).isEqualTo(line);
    }

    private static List<String> roles(String username) {
        return testDatabase.jdbi().withHandle(handle -> handle.createQuery("""
                        SELECT ur.role_id FROM user_roles ur JOIN users u ON u.id = ur.user_id
                         WHERE u.username = :username ORDER BY ur.role_id""")
                .bind("username", username).mapTo(String.class).list());
    }

    private static long count(String sql) {
        return testDatabase.jdbi().withHandle(handle -> handle.createQuery(sql).mapTo(Long.class).one());
    }

    private static CommandRun run(String... arguments) {
        return CommandRun.of(Map.of("db.url", testDatabase.serviceUrl(), "db.schema", testDatabase.schema()), arguments);
    }
}
