package dev.inquiries.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import dev.inquiries.domain.Authorized;
import dev.inquiries.domain.Credentials;
import dev.inquiries.domain.Inquiry;
import dev.inquiries.domain.InquiryListRequest;
import dev.inquiries.domain.InquiryPage;
import dev.inquiries.domain.Page;
import dev.inquiries.domain.Permission;
import dev.inquiries.domain.Principal;
import dev.inquiries.domain.Roles;
import dev.inquiries.domain.SortSpec;
import dev.inquiries.persistence.LoginTokenRepository.IssuedToken;
import dev.inquiries.persistence.queue.InquiryRepository;
import dev.inquiries.persistence.testing.QueueRows;
import dev.inquiries.persistence.testing.TestDatabase;
import dev.inquiries.persistence.testing.TestDatabases;
import dev.inquiries.persistence.testing.TestSettings;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The reads that check their caller (listFor, versionFor, authenticate), against every way of not being
 * logged in, a caller without the permission, and one with it: each gets exactly its answer, and only the
 * permitted caller reads anything.
 */
class AuthorisingReadsTest {

    private static final Permission PERMISSION = Permission.VIEW_LIVECHAT_MANAGER;
    private static final InquiryListRequest ALL = new InquiryListRequest(
            Optional.empty(), new Page(0, OptionalLong.of(50)), SortSpec.DEFAULT);
    private static final InquiryListRequest SALES = new InquiryListRequest(
            Optional.of("Sales"), new Page(0, OptionalLong.of(50)), SortSpec.DEFAULT);

    /** Every way of presenting credentials that identify no one. */
    enum NotLoggedIn { UNKNOWN_USER, WRONG_TOKEN, ANOTHER_USERS_TOKEN, EXPIRED_TOKEN, DEACTIVATED_USER }

    private static final Map<NotLoggedIn, Credentials> REFUSED = new EnumMap<>(NotLoggedIn.class);

    private static TestDatabase testDatabase;
    private static Database database;
    private static LoginTokenRepository tokens;
    private static InquiryRepository inquiries;
    private static IssuedToken manager;
    private static IssuedToken agent;

    @BeforeAll
    static void arrangeQueueAndCallers() {
        testDatabase = TestDatabases.create();
        database = testDatabase.open();
        tokens = new LoginTokenRepository(database, TestSettings.TOKEN_LIFETIME);
        inquiries = new InquiryRepository(database, tokens);
        new QueueRows(testDatabase.jdbi())
                .department("dep-sales", "Sales")
                .queued("q2", "Bob", "2024-01-02T10:00:00.000Z", null)
                .queued("q1", "Ada", "2024-01-01T10:00:00.000Z", "dep-sales")
                .inquiry("t1", "Tim", "2024-01-03T10:00:00.000Z", "taken", "dep-sales");
        UserRepository users = new UserRepository(database);
        users.add("manager", null, List.of(Roles.LIVECHAT_MANAGER));
        users.add("other-manager", null, List.of(Roles.LIVECHAT_MANAGER));
        users.add("agent", null, List.of(Roles.LIVECHAT_AGENT));
        users.add("expired", null, List.of(Roles.LIVECHAT_MANAGER));
        users.add("deactivated", null, List.of(Roles.LIVECHAT_MANAGER));
        manager = tokens.create("manager");
        agent = tokens.create("agent");
        IssuedToken other = tokens.create("other-manager");
        IssuedToken expired = tokens.create("expired");
        IssuedToken deactivated = tokens.create("deactivated");
        Jdbi jdbi = testDatabase.jdbi();
        // Behind the repositories' back, so that only the token's age and the user's flag differ from a valid one.
        jdbi.useHandle(handle -> {
            handle.execute("UPDATE login_tokens SET created_at = now() - interval '91 days' WHERE user_id = ?",
                    expired.userId());
            handle.execute("UPDATE users SET active = false WHERE id = ?", deactivated.userId());
        });
        REFUSED.put(NotLoggedIn.UNKNOWN_USER, new Credentials("no-such-user", manager.authToken()));
        REFUSED.put(NotLoggedIn.WRONG_TOKEN, new Credentials(manager.userId(), "not-the-token"));
        REFUSED.put(NotLoggedIn.ANOTHER_USERS_TOKEN, new Credentials(manager.userId(), other.authToken()));
        REFUSED.put(NotLoggedIn.EXPIRED_TOKEN, new Credentials(expired.userId(), expired.authToken()));
        REFUSED.put(NotLoggedIn.DEACTIVATED_USER, new Credentials(deactivated.userId(), deactivated.authToken()));
    }

    @AfterAll
    static void dropDatabase() {
        database.close();
        testDatabase.close();
    }

    @ParameterizedTest
    @EnumSource(NotLoggedIn.class)
    void listForRefusesCredentialsThatIdentifyNoOne(NotLoggedIn way) {
        Credentials credentials = REFUSED.get(way);

        assertThat(inquiries.listFor(credentials, PERMISSION, ALL)).isEqualTo(new Authorized.NotAuthenticated<InquiryPage>());
        assertThat(inquiries.listFor(credentials, PERMISSION, SALES)).isEqualTo(new Authorized.NotAuthenticated<InquiryPage>());
    }

    @ParameterizedTest
    @EnumSource(NotLoggedIn.class)
    void versionForRefusesCredentialsThatIdentifyNoOne(NotLoggedIn way) {
        Credentials credentials = REFUSED.get(way);

        assertThat(inquiries.versionFor(credentials, PERMISSION, ALL)).isEqualTo(new Authorized.NotAuthenticated<Long>());
        assertThat(inquiries.versionFor(credentials, PERMISSION, SALES)).isEqualTo(new Authorized.NotAuthenticated<Long>());
    }

    @ParameterizedTest
    @EnumSource(NotLoggedIn.class)
    void authenticateFindsNoCallerForCredentialsThatIdentifyNoOne(NotLoggedIn way) {
        Credentials credentials = REFUSED.get(way);

        assertThat(tokens.authenticate(credentials.userId(), credentials.token())).isEmpty();
    }

    @Test
    void listForForbidsACallerWithoutThePermission() {
        Credentials credentials = new Credentials(agent.userId(), agent.authToken());

        assertThat(inquiries.listFor(credentials, PERMISSION, ALL)).isEqualTo(new Authorized.Forbidden<InquiryPage>());
        assertThat(inquiries.listFor(credentials, PERMISSION, SALES)).isEqualTo(new Authorized.Forbidden<InquiryPage>());
    }

    @Test
    void versionForForbidsACallerWithoutThePermission() {
        Credentials credentials = new Credentials(agent.userId(), agent.authToken());

        assertThat(inquiries.versionFor(credentials, PERMISSION, ALL)).isEqualTo(new Authorized.Forbidden<Long>());
        assertThat(inquiries.versionFor(credentials, PERMISSION, SALES)).isEqualTo(new Authorized.Forbidden<Long>());
    }

    @Test
    void authenticateFindsACallerWithoutThePermissionAndSaysSo() {
        Principal principal = tokens.authenticate(agent.userId(), agent.authToken()).orElseThrow();

        assertThat(principal.userId()).isEqualTo(agent.userId());
        assertThat(principal.username()).isEqualTo("agent");
        assertThat(principal.roles()).containsExactly(Roles.LIVECHAT_AGENT);
        assertThat(principal.has(PERMISSION)).isFalse();
        assertThat(principal.has(Permission.VIEW_L_ROOM)).isTrue();
    }

    @Test
    void listForGrantsThePermittedCallerItsPage() {
        Credentials credentials = new Credentials(manager.userId(), manager.authToken());

        InquiryPage all = granted(inquiries.listFor(credentials, PERMISSION, ALL));
        InquiryPage sales = granted(inquiries.listFor(credentials, PERMISSION, SALES));

        assertThat(all.inquiries()).extracting(Inquiry::id).containsExactly("q2", "q1");
        assertThat(all.total()).isEqualTo(2);
        assertThat(sales.inquiries()).extracting(Inquiry::id).containsExactly("q1");
        assertThat(sales.total()).isEqualTo(1);
        assertThat(all).isEqualTo(inquiries.list(ALL));
    }

    @Test
    void versionForGrantsThePermittedCallerTheVersionItsPageWouldHave() {
        Credentials credentials = new Credentials(manager.userId(), manager.authToken());

        for (InquiryListRequest request : List.of(ALL, SALES)) {
            long version = granted(inquiries.versionFor(credentials, PERMISSION, request));

            assertThat(version).isPositive().isEqualTo(granted(inquiries.listFor(credentials, PERMISSION, request)).version());
        }
    }

    @Test
    void authenticateFindsThePermittedCaller() {
        Principal principal = tokens.authenticate(manager.userId(), manager.authToken()).orElseThrow();

        assertThat(principal.userId()).isEqualTo(manager.userId());
        assertThat(principal.username()).isEqualTo("manager");
        assertThat(principal.roles()).containsExactly(Roles.LIVECHAT_MANAGER);
        assertThat(principal.has(PERMISSION)).isTrue();
    }

    private static <T> T granted(Authorized<T> outcome) {
        if (outcome instanceof Authorized.Granted<T> granted) {
            return granted.value();
        }
        throw new AssertionError("expected Granted, got " + outcome);
    }
}
