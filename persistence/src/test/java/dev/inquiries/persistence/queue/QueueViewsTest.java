package dev.inquiries.persistence.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import dev.inquiries.domain.Authorized;
import dev.inquiries.domain.Credentials;
import dev.inquiries.domain.Inquiry;
import dev.inquiries.domain.InquiryListRequest;
import dev.inquiries.domain.InquiryPage;
import dev.inquiries.domain.Permission;
import dev.inquiries.domain.QueueRefusedException;
import dev.inquiries.domain.Roles;
import dev.inquiries.domain.SortSpec;
import dev.inquiries.persistence.AgentRepository;
import dev.inquiries.persistence.Database;
import dev.inquiries.persistence.LoginTokenRepository;
import dev.inquiries.persistence.LoginTokenRepository.IssuedToken;
import dev.inquiries.persistence.UnitRepository;
import dev.inquiries.persistence.UserRepository;
import dev.inquiries.persistence.testing.TestDatabase;
import dev.inquiries.persistence.testing.TestDatabases;
import dev.inquiries.persistence.testing.TestSettings;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The pages the repository merges from its partial indexes (an agent's queuedForUser, a restricted monitor's
 * list) are exactly what {@link QueueVisibility}'s predicates select, ordered and paged, on random data: random
 * departments (one disabled), memberships, units, routed inquiries and statuses, for random requests (sort,
 * page, department filter). Seeded, so that a failure repeats.
 */
class QueueViewsTest {

    private static final long SEED = 20261201L;
    private static final List<String> DEPARTMENTS = List.of("d1", "d2", "d3", "d4", "d5");
    private static final List<String> SORTS = List.of("{\"ts\":1}", "{\"ts\":-1}", "{\"name\":1,\"ts\":-1}",
            "{\"department\":1}", "{\"_id\":-1}", "{\"status\":1,\"rid\":1}");

    private static TestDatabase testDatabase;
    private static Jdbi jdbi;
    private static InquiryRepository repository;
    private static final Map<String, IssuedToken> TOKENS = new LinkedHashMap<>();

    @BeforeAll
    static void arrange() {
        testDatabase = TestDatabases.create();
        jdbi = testDatabase.jdbi();
        Database database = testDatabase.open();
        LoginTokenRepository tokens = new LoginTokenRepository(database, TestSettings.TOKEN_LIFETIME);
        repository = new InquiryRepository(database, tokens);
        Random random = new Random(SEED);
        jdbi.useHandle(handle -> {
            for (String department : DEPARTMENTS) {
                handle.execute("INSERT INTO departments (id, name, enabled) VALUES (?, ?, ?)", department,
                        "Department " + department, !department.equals("d5"));
            }
        });
        UserRepository users = new UserRepository(database);
        AgentRepository agents = new AgentRepository(database);
        for (int i = 0; i < 6; i++) {
            String agent = "agent" + i;
            users.add(agent, null, List.of(Roles.LIVECHAT_AGENT));
            for (String department : DEPARTMENTS) {
                if (random.nextInt(3) == 0) {
                    agents.add(agent, department);
                }
            }
            TOKENS.put(agent, tokens.create(agent));
        }
        users.add("monitor", null, List.of(Roles.LIVECHAT_MONITOR));
        users.add("agent-monitor", null, List.of(Roles.LIVECHAT_MONITOR, Roles.LIVECHAT_AGENT));
        agents.add("agent-monitor", "d4");
        UnitRepository units = new UnitRepository(database);
        units.add("U1", List.of("d1", "d5"), List.of("monitor", "agent-monitor"));
        units.add("U2", List.of("d2"), List.of("monitor"));
        TOKENS.put("monitor", tokens.create("monitor"));
        TOKENS.put("agent-monitor", tokens.create("agent-monitor"));
        List<String> agentIds = jdbi.withHandle(handle -> handle.createQuery(
                "SELECT id FROM users WHERE username LIKE 'agent%' ORDER BY username").mapTo(String.class).list());
        List<String> statuses = List.of("queued", "queued", "queued", "taken", "verifying", "open");
        jdbi.useHandle(handle -> {
            for (int i = 0; i < 400; i++) {
                String department = random.nextInt(6) == 0 ? null : DEPARTMENTS.get(random.nextInt(DEPARTMENTS.size()));
                String routed = random.nextInt(8) == 0 ? agentIds.get(random.nextInt(agentIds.size())) : null;
                handle.createUpdate("""
                                INSERT INTO inquiries (id, rid, name, ts, status, department_id, default_agent_id)
                                VALUES (:id, :rid, :name, timestamptz '2026-11-01 00:00Z' + make_interval(mins => :minute),
                                        :status, :department, :routed)""")
                        .bind("id", "i" + random.nextInt(100000) + "-" + i)
                        .bind("rid", "r" + i)
                        .bind("name", "Visitor " + (char) ('A' + random.nextInt(5)))
                        .bind("minute", random.nextInt(200))
                        .bind("status", statuses.get(random.nextInt(statuses.size())))
                        .bind("department", department)
                        .bind("routed", routed)
                        .execute();
            }
        });
    }

    @AfterAll
    static void drop() {
        testDatabase.close();
    }

    @Test
    void mergesEveryAgentsQueueExactlyAsThePredicateSelectsIt() {
        Random random = new Random(SEED + 1);
        int nonEmpty = 0;
        int refused = 0;
        for (String agent : List.of("agent0", "agent1", "agent2", "agent3", "agent4", "agent5", "agent-monitor")) {
            IssuedToken token = TOKENS.get(agent);
            List<String> own = ownDepartments(token.userId());
            for (int round = 0; round < 25; round++) {
                Optional<String> department = random.nextInt(3) == 0
                        ? Optional.of(DEPARTMENTS.get(random.nextInt(DEPARTMENTS.size())))
                        : Optional.empty();
                InquiryListRequest request = request(random, department, SortSpec.OLDEST_FIRST);
                String where = QueueVisibility.queuedFor("i", "'" + token.userId() + "'")
                        + department.map(id -> " AND i.department_id = '" + id + "'").orElse("");
                if (department.isPresent() && !own.contains(department.get())) {
                    assertThatThrownBy(() -> repository.queuedFor(credentials(token), Permission.VIEW_L_ROOM, request))
                            .as(agent + " " + request).isInstanceOf(QueueRefusedException.class);
                    refused++;
                    continue;
                }
                InquiryPage page = granted(repository.queuedFor(credentials(token), Permission.VIEW_L_ROOM, request));
                assertThat(ids(page.inquiries())).as(agent + " " + request).isEqualTo(expected(where, request));
                assertThat(page.total()).as(agent + " " + request).isEqualTo(count(where));
                nonEmpty += page.inquiries().isEmpty() ? 0 : 1;
            }
        }
        // The random requests reach both outcomes, and most pages hold something to compare.
        assertThat(refused).isGreaterThan(5);
        assertThat(nonEmpty).isGreaterThan(80);
    }

    @Test
    void mergesARestrictedMonitorsListExactlyAsThePredicateSelectsIt() {
        Random random = new Random(SEED + 2);
        int nonEmpty = 0;
        for (String monitor : List.of("monitor", "agent-monitor")) {
            IssuedToken token = TOKENS.get(monitor);
            String user = "'" + token.userId() + "'";
            for (int round = 0; round < 25; round++) {
                Optional<String> department = random.nextInt(3) == 0
                        ? Optional.of(DEPARTMENTS.get(random.nextInt(DEPARTMENTS.size())))
                        : Optional.empty();
                InquiryListRequest request = request(random, department, SortSpec.DEFAULT);
                String where = QueueVisibility.listed("i", user, QueueVisibility.restricted(user))
                        + department.map(id -> " AND i.department_id = '" + id + "'").orElse("");
                InquiryPage page = granted(repository.listFor(credentials(token), Permission.VIEW_LIVECHAT_MANAGER,
                        request));
                assertThat(ids(page.inquiries())).as(monitor + " " + request).isEqualTo(expected(where, request));
                assertThat(page.total()).as(monitor + " " + request).isEqualTo(count(where));
                assertThat(page.inquiries()).allMatch(inquiry -> inquiry.departmentId() != null);
                nonEmpty += page.inquiries().isEmpty() ? 0 : 1;
            }
        }
        assertThat(nonEmpty).isGreaterThan(25);
    }

    private static InquiryListRequest request(Random random, Optional<String> department, SortSpec defaultSort) {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        department.ifPresent(id -> parameters.put("department", List.of(id)));
        parameters.put("offset", List.of(String.valueOf(random.nextInt(4) * 7)));
        parameters.put("count", List.of(String.valueOf(1 + random.nextInt(30))));
        if (random.nextBoolean()) {
            parameters.put("sort", List.of(SORTS.get(random.nextInt(SORTS.size()))));
        }
        return InquiryListRequest.parse(parameters, TestSettings.PAGING, defaultSort);
    }

    private static List<String> expected(String where, InquiryListRequest request) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT i.id FROM inquiries i WHERE " + where
                        + " ORDER BY " + SortColumns.orderBy(request.sort(), "i.")
                        + " LIMIT " + request.page().limit().getAsLong() + " OFFSET " + request.page().offset())
                .mapTo(String.class).list());
    }

    private static long count(String where) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT count(*) FROM inquiries i WHERE " + where)
                .mapTo(Long.class).one());
    }

    private static List<String> ownDepartments(String userId) {
        return jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT department_id FROM enabled_department_agents WHERE user_id = :user")
                .bind("user", userId).mapTo(String.class).list());
    }

    private static Credentials credentials(IssuedToken token) {
        return new Credentials(token.userId(), token.authToken());
    }

    private static <T> T granted(Authorized<T> outcome) {
        assertThat(outcome).isInstanceOf(Authorized.Granted.class);
        return ((Authorized.Granted<T>) outcome).value();
    }

    private static List<String> ids(List<Inquiry> inquiries) {
        List<String> ids = new ArrayList<>();
        inquiries.forEach(inquiry -> ids.add(inquiry.id()));
        return ids;
    }
}
