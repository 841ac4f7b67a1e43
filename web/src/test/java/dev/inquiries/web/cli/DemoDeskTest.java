package dev.inquiries.web.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import dev.inquiries.domain.PasswordHasher;
import dev.inquiries.domain.login.PasswordDigest;
import dev.inquiries.persistence.Database;
import dev.inquiries.persistence.demo.DemoData;
import dev.inquiries.persistence.demo.DemoSize;
import dev.inquiries.persistence.testing.TestDatabase;
import dev.inquiries.persistence.testing.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The demo's people as {@code serve --demo} prepares them on every start, as the README says: all five, the
 * administrator and the desk, get new passwords each time (only hashes are kept, so an old one cannot be
 * printed again), and only the newest ones sign in.
 */
class DemoDeskTest {

    private TestDatabase testDatabase;
    private Database database;

    @BeforeEach
    void loadTheDemo() {
        testDatabase = TestDatabases.create();
        database = testDatabase.open();
        new DemoData(database).loadIntoEmptyQueue(DemoSize.SMALL);
    }

    @AfterEach
    void drop() {
        database.close();
        testDatabase.close();
    }

    @Test
    void givesAllFiveDemoUsersNewPasswordsOnEveryStartAndOnlyTheNewestSignIn() {
        DemoDesk.Passwords first = DemoDesk.prepare(database);
        DemoDesk.Passwords second = DemoDesk.prepare(database);

        assertThat(second.everyone()).extracting(DemoDesk.Person::username)
                .containsExactly("admin", "alice", "bob", "maria", "monica");
        assertThat(second.everyone()).extracting(DemoDesk.Person::role)
                .containsExactly("admin", "livechat-agent", "livechat-agent", "livechat-manager", "livechat-monitor");
        List<DemoDesk.Person> before = first.everyone();
        List<DemoDesk.Person> after = second.everyone();
        for (int i = 0; i < after.size(); i++) {
            DemoDesk.Person old = before.get(i);
            DemoDesk.Person current = after.get(i);
            assertThat(current.password()).as(current.username()).isNotEqualTo(old.password());
            assertThat(signsIn(current)).as(current.username() + " with the newest password").isTrue();
            assertThat(signsIn(old)).as(old.username() + " with the password of the start before").isFalse();
        }
    }

    private boolean signsIn(DemoDesk.Person person) {
        String hash = testDatabase.jdbi().withHandle(handle -> handle.createQuery(
                        "SELECT password_hash FROM users WHERE username = :username")
                .bind("username", person.username())
                .mapTo(String.class)
                .one());
        return PasswordHasher.matches(PasswordDigest.ofPlain(person.password()), hash);
    }
}
