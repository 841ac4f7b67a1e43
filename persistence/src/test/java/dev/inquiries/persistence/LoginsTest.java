package dev.inquiries.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.inquiries.domain.Credentials;
import dev.inquiries.domain.Roles;
import dev.inquiries.domain.Sha256;
import dev.inquiries.domain.login.LoginName;
import dev.inquiries.domain.login.LoginPolicy;
import dev.inquiries.domain.login.LoginRefusedException;
import dev.inquiries.domain.login.LoginRefusedException.Reason;
import dev.inquiries.domain.login.LoginRequest;
import dev.inquiries.domain.login.PasswordDigest;
import dev.inquiries.persistence.LoginTokenRepository.IssuedToken;
import dev.inquiries.persistence.testing.TestDatabase;
import dev.inquiries.persistence.testing.TestDatabases;
import dev.inquiries.persistence.testing.TestSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Signing in on PostgreSQL: every form, every refusal, and blocking on a clock the test moves. */
class LoginsTest {

    private static final String IP = "192.0.2.7";
    private static final LoginPolicy POLICY = new LoginPolicy(3, Duration.ofMinutes(5), 5, Duration.ofMinutes(10),
            Duration.ofMinutes(5));

    private static TestDatabase testDatabase;
    private static Database database;
    private static LoginTokenRepository tokens;
    private static String anaId;

    private final MovableClock clock = new MovableClock(Instant.parse("2026-12-01T10:00:00Z"));
    private Logins logins;

    @BeforeAll
    static void arrangeUsers() {
        testDatabase = TestDatabases.create();
        database = testDatabase.open();
        tokens = new LoginTokenRepository(database, TestSettings.TOKEN_LIFETIME);
        UserRepository users = new UserRepository(database);
        anaId = users.add("ana", "correct horse", List.of(Roles.LIVECHAT_AGENT), "Ana@Example.com").id();
        users.add("gone", "correct horse", List.of(Roles.USER));
        users.deactivate("gone");
        users.add("tokens-only", null, List.of(Roles.USER));
    }

    @AfterAll
    static void dropDatabase() {
        database.close();
        testDatabase.close();
    }

    @BeforeEach
    void forgetFailures() {
        testDatabase.jdbi().useHandle(handle -> handle.execute("DELETE FROM login_blocks"));
        logins = new Logins(database, tokens, POLICY, clock);
    }

    @Test
    void logsInByUsernameByEmailWhateverItsCaseAndByTheUserField() {
        List<LoginRequest> forms = List.of(
                password(new LoginName(LoginName.Kind.USERNAME, "ana"), "correct horse"),
                password(new LoginName(LoginName.Kind.EMAIL, "ana@EXAMPLE.com"), "correct horse"),
                password(LoginName.ofUserField("ana"), "correct horse"),
                password(LoginName.ofUserField("ANA@example.COM"), "correct horse"),
                new LoginRequest.WithPassword(new LoginName(LoginName.Kind.USERNAME, "ana"),
                        PasswordDigest.ofHex(Sha256.hex("correct horse"))));
        Set<String> issued = new HashSet<>();
        for (LoginRequest form : forms) {
            IssuedToken token = logins.login(form, IP);
            assertThat(token.userId()).isEqualTo(anaId);
            assertThat(tokens.authenticate(token.userId(), token.authToken())).isPresent();
            issued.add(token.authToken());
        }
        assertThat(issued).as("a new token for each password login").hasSize(forms.size());
    }

    @Test
    void matchesUsernamesExactly() {
        assertRefused(password(new LoginName(LoginName.Kind.USERNAME, "Ana"), "correct horse"), Reason.FAILED);
    }

    @Test
    void refusesAWrongPasswordAnUnknownUserADeactivatedOneAndOneWithoutAPasswordAlike() {
        assertRefused(password(LoginName.ofUserField("ana"), "wrong horse"), Reason.FAILED);
        assertRefused(password(LoginName.ofUserField("nobody"), "correct horse"), Reason.FAILED);
        assertRefused(password(LoginName.ofUserField("gone"), "correct horse"), Reason.FAILED);
        assertRefused(password(LoginName.ofUserField("tokens-only"), ""), Reason.FAILED);
        assertRefused(password(LoginName.ofUserField("nul\0name"), "correct horse"), Reason.FAILED);
    }

    @Test
    void resumesWithAValidTokenAndRefusesAnUnknownOrExpiredOne() {
        IssuedToken token = tokens.issue(anaId);

        assertThat(logins.login(new LoginRequest.Resume(token.authToken()), IP)).isEqualTo(token);
        assertRefused(new LoginRequest.Resume("not-a-token"), Reason.FAILED);
        testDatabase.jdbi().useHandle(handle -> handle.execute(
                "UPDATE login_tokens SET created_at = now() - interval '91 days' WHERE user_id = ?", anaId));
        assertRefused(new LoginRequest.Resume(token.authToken()), Reason.FAILED);
    }

    @Test
    void blocksANameAfterItsFailuresEvenWithTheRightPasswordUntilTheBlockEnds() {
        for (int i = 0; i < POLICY.userFailures(); i++) {
            assertRefused(password(LoginName.ofUserField("ana"), "wrong " + i), Reason.FAILED);
        }
        assertRefused(password(LoginName.ofUserField("ana"), "correct horse"), Reason.BLOCKED_FOR_USER);
        // The same user by email is another submitted name: counted apart.
        assertThat(logins.login(password(LoginName.ofUserField("ana@example.com"), "correct horse"), IP).userId())
                .isEqualTo(anaId);

        clock.advance(POLICY.userBlock().minusSeconds(1));
        assertRefused(password(LoginName.ofUserField("ana"), "correct horse"), Reason.BLOCKED_FOR_USER);
        clock.advance(Duration.ofSeconds(1));
        assertThat(logins.login(password(LoginName.ofUserField("ana"), "correct horse"), IP).userId()).isEqualTo(anaId);
    }

    @Test
    void countsUnknownNamesAsWellAndOnlyWithinTheWindow() {
        LoginRequest guess = password(LoginName.ofUserField("nobody"), "guess");
        assertRefused(guess, Reason.FAILED);
        assertRefused(guess, Reason.FAILED);
        clock.advance(POLICY.window());
        // The window has passed: the count starts again.
        assertRefused(guess, Reason.FAILED);
        assertRefused(guess, Reason.FAILED);
        assertRefused(guess, Reason.FAILED);
        assertRefused(guess, Reason.BLOCKED_FOR_USER);
    }

    @Test
    void aGoodLoginClearsTheCountOfItsName() {
        assertRefused(password(LoginName.ofUserField("ana"), "wrong"), Reason.FAILED);
        assertRefused(password(LoginName.ofUserField("ana"), "wrong"), Reason.FAILED);
        logins.login(password(LoginName.ofUserField("ana"), "correct horse"), IP);
        assertRefused(password(LoginName.ofUserField("ana"), "wrong"), Reason.FAILED);
        assertRefused(password(LoginName.ofUserField("ana"), "wrong"), Reason.FAILED);

        assertThat(logins.login(password(LoginName.ofUserField("ana"), "correct horse"), IP).userId()).isEqualTo(anaId);
    }

    @Test
    void blocksAnAddressAfterItsFailuresWhateverTheNamesAndOnlyThatAddress() {
        for (int i = 0; i < POLICY.ipFailures(); i++) {
            assertRefused(password(LoginName.ofUserField("guess-" + i), "guess"), Reason.FAILED);
        }
        assertRefused(password(LoginName.ofUserField("ana"), "correct horse"), Reason.BLOCKED_FOR_IP);
        assertRefused(new LoginRequest.Resume(tokens.issue(anaId).authToken()), Reason.BLOCKED_FOR_IP);
        assertThat(logins.login(password(LoginName.ofUserField("ana"), "correct horse"), "198.51.100.1").userId())
                .isEqualTo(anaId);

        clock.advance(POLICY.ipBlock());
        assertThat(logins.login(password(LoginName.ofUserField("ana"), "correct horse"), IP).userId()).isEqualTo(anaId);
    }

    @Test
    void holdsTheBlockForAnotherInstanceOnTheSameDatabase() {
        for (int i = 0; i < POLICY.userFailures(); i++) {
            assertRefused(password(LoginName.ofUserField("ana"), "wrong"), Reason.FAILED);
        }
        Logins otherInstance = new Logins(database, new LoginTokenRepository(database, TestSettings.TOKEN_LIFETIME), POLICY, clock);

        assertThatThrownBy(() -> otherInstance.login(password(LoginName.ofUserField("ana"), "correct horse"), IP))
                .isInstanceOfSatisfying(LoginRefusedException.class,
                        refused -> assertThat(refused.reason()).isEqualTo(Reason.BLOCKED_FOR_USER));
    }

    @Test
    void keepsHugeAndUnstorableNamesAsBoundedKeys() {
        String huge = "x".repeat(60_000);
        for (int i = 0; i < POLICY.userFailures(); i++) {
            assertRefused(password(LoginName.ofUserField(huge), "guess"), Reason.FAILED);
        }
        assertRefused(password(LoginName.ofUserField(huge), "guess"), Reason.BLOCKED_FOR_USER);
        long longestKey = testDatabase.jdbi().withHandle(handle -> handle.createQuery(
                "SELECT max(length(key)) FROM login_blocks").mapTo(Long.class).one());
        assertThat(longestKey).isLessThanOrEqualTo(256);
    }

    @Test
    void logsOneUserInManyTimesAtOnceWithDistinctTokens() throws Exception {
        int logins = 12;
        CyclicBarrier start = new CyclicBarrier(logins);
        List<Future<IssuedToken>> results = new ArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(logins)) {
            for (int i = 0; i < logins; i++) {
                Callable<IssuedToken> login = () -> {
                    start.await();
                    return this.logins.login(password(LoginName.ofUserField("ana"), "correct horse"), IP);
                };
                results.add(threads.submit(login));
            }
        }
        Set<String> issued = new HashSet<>();
        for (Future<IssuedToken> result : results) {
            issued.add(result.get().authToken());
        }
        assertThat(issued).hasSize(logins);
    }

    @Test
    void logsOutOnlyTheTokenInUse() {
        IssuedToken first = tokens.issue(anaId);
        IssuedToken second = tokens.issue(anaId);

        assertThat(tokens.revoke(new Credentials(anaId, first.authToken()))).isTrue();
        assertThat(tokens.authenticate(anaId, first.authToken())).isEmpty();
        assertThat(tokens.authenticate(anaId, second.authToken())).isPresent();
        assertThat(tokens.revoke(new Credentials("someone-else", second.authToken()))).isFalse();
        assertThat(tokens.authenticate(anaId, second.authToken())).isPresent();
    }

    private void assertRefused(LoginRequest request, Reason reason) {
        assertThatThrownBy(() -> logins.login(request, IP))
                .isInstanceOfSatisfying(LoginRefusedException.class, refused -> assertThat(refused.reason()).isEqualTo(reason));
    }

    private static LoginRequest password(LoginName name, String password) {
        return new LoginRequest.WithPassword(name, PasswordDigest.ofPlain(password));
    }

    /** A clock that stands still until the test moves it. */
    private static final class MovableClock extends Clock {

        private Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
