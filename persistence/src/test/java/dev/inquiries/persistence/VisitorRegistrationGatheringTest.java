package dev.inquiries.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;

import dev.inquiries.domain.Refusal;
import dev.inquiries.domain.visitor.VisitorRegistration;
import dev.inquiries.persistence.chat.VisitorRepository;
import dev.inquiries.persistence.testing.Race;
import dev.inquiries.persistence.testing.TestDatabase;
import dev.inquiries.persistence.testing.TestDatabases;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;

/**
 * Registrations that arrive together share one statement (VisitorRepository, register.sql), and each is still
 * answered as if it ran alone: its own visitor with its own fields, one visitor per token however many register it
 * at once, a refusal (taken username, unknown department) only for the registration it concerns.
 */
class VisitorRegistrationGatheringTest {

    private static final int CALLERS = 48;

    private TestDatabase testDatabase;
    private Jdbi jdbi;
    private Database database;

    @BeforeEach
    void createDatabase() {
        testDatabase = TestDatabases.create();
        jdbi = testDatabase.jdbi();
        database = testDatabase.open();
        jdbi.useHandle(handle -> {
            handle.execute("INSERT INTO departments (id, name) VALUES ('d1', 'Sales')");
            handle.execute("INSERT INTO visitors (id, token, username) VALUES ('v0', 'old-token', 'taken-name')");
        });
    }

    @AfterEach
    void drop() {
        database.close();
        testDatabase.close();
    }

    @RepeatedTest(3)
    void registrationsArrivingTogetherAreEachAnsweredAsTheirOwn() throws Exception {
        VisitorRepository visitors = new VisitorRepository(database);

        // Every fourth caller: a token of its own; the others: nine tokens, four registrations each; one registration
        // names a department that does not exist, one a username another visitor has.
        List<String> outcomes = Race.of(CALLERS, i -> {
            String token = i % 4 == 0 ? "own-" + i : "shared-" + (i % 12);
            Optional<String> department = Optional.of(i == 5 ? "no such department" : "Sales");
            Optional<String> username = i == 6 ? Optional.of("taken-name") : Optional.empty();
            try {
                var visitor = visitors.register(new VisitorRegistration(token, Optional.of("Name " + i),
                        Optional.empty(), department, Optional.empty(), username));
                return visitor.token() + " " + visitor.name().orElse("");
            } catch (Refusal refused) {
                return String.valueOf(refused.reason());
            }
        });

        for (int i = 0; i < CALLERS; i++) {
            String token = i % 4 == 0 ? "own-" + i : "shared-" + (i % 12);
            if (i == 5) {
                assertThat(outcomes.get(i)).isEqualTo("INVALID_DEPARTMENT");
            } else if (i == 6 && outcomes.get(i).equals("USERNAME_TAKEN")) {
                // Refused when its registration was the one that made the visitor; the others only update it.
                continue;
            } else {
                // Its own visitor, as its own registration left it.
                assertThat(outcomes.get(i)).isEqualTo(token + " Name " + i);
            }
        }
        assertThat(count("SELECT count(*) FROM visitors")).isEqualTo(1 + 12 + 9);
        assertThat(count("SELECT count(*) FROM visitors WHERE department_id = 'd1'")).isEqualTo(12 + 9);
        assertThat(count("SELECT count(*) FROM visitors WHERE username = 'taken-name'")).isEqualTo(1);
    }

    private long count(String sql) {
        return jdbi.withHandle(handle -> handle.createQuery(sql).mapTo(Long.class).one());
    }
}
