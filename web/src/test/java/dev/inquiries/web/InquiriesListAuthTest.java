package dev.inquiries.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import dev.inquiries.domain.Roles;
import dev.inquiries.persistence.LoginTokenRepository.IssuedToken;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Who may list the queue: every kind of 401, the 403, and a 200 through each role that is granted it. */
@ServerTest
class InquiriesListAuthTest {

    static final String UNAUTHORIZED = "{\"success\":false,\"status\":\"error\",\"error\":\"You must be logged in to do this.\","
            + "\"message\":\"You must be logged in to do this.\"}";
    static final String FORBIDDEN =
            "{\"success\":false,\"error\":\"User does not have the permissions required for this action [error-unauthorized]\"}";

    private static ApiFixture fixture;
    private static IssuedToken managerToken;
    private static IssuedToken otherToken;

    private final RawHttp http;

    InquiriesListAuthTest(WebServer server) {
        this.http = new RawHttp(server.port());
    }

    @SetUpServer
    static void setUp(WebServerConfig.Builder server) {
        fixture = new ApiFixture();
        fixture.configure(server, Settings.defaults().paging());
        fixture.inquiry("q1", "Ada", Instant.parse("2024-01-01T00:00:00Z"), "queued", null);
        fixture.loginWithRoles("maria", Roles.LIVECHAT_MANAGER);
        managerToken = fixture.token("maria");
        fixture.loginWithRoles("olga", Roles.USER);
        otherToken = fixture.token("olga");
    }

    @AfterAll
    static void tearDown() {
        fixture.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {Roles.ADMIN, Roles.LIVECHAT_MANAGER, Roles.LIVECHAT_MONITOR})
    void listsForEveryRoleGrantedViewLivechatManager(String role) {
        RawHttp.Response response = http.get(ApiFixture.LIST, fixture.loginWithRoles("granted-" + role, role));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).contains("\"_id\":\"q1\"", "\"total\":1");
    }

    @ParameterizedTest
    @ValueSource(strings = {Roles.LIVECHAT_AGENT, Roles.USER})
    void refusesRolesWithoutThePermission(String role) {
        RawHttp.Response response = http.get(ApiFixture.LIST, fixture.loginWithRoles("denied-" + role, role));

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.header("Content-Type")).isEqualTo("application/json");
        assertThat(response.body()).isEqualTo(FORBIDDEN);
    }

    @Test
    void refusesAUserWithNoRoles() {
        RawHttp.Response response = http.get(ApiFixture.LIST, fixture.loginWithRoles("nobody"));

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.body()).isEqualTo(FORBIDDEN);
    }

    @Test
    void checksThePermissionBeforeTheParameters() {
        List<String> agent = fixture.loginWithRoles("early-agent", Roles.LIVECHAT_AGENT);

        RawHttp.Response response = http.get(ApiFixture.LIST + "?sort=nonsense&bogus=1&count=-1", agent);

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.body()).isEqualTo(FORBIDDEN);
    }

    @Test
    void checksTheLoginBeforeTheParameters() {
        assertUnauthorized(http.get(ApiFixture.LIST + "?sort=nonsense", List.of()));
    }

    @Test
    void refusesARequestWithoutHeaders() {
        assertUnauthorized(http.get(ApiFixture.LIST, List.of()));
    }

    @Test
    void refusesARequestMissingEitherHeader() {
        assertUnauthorized(http.get(ApiFixture.LIST, List.of("X-User-Id: " + managerToken.userId())));
        assertUnauthorized(http.get(ApiFixture.LIST, List.of("X-Auth-Token: " + managerToken.authToken())));
    }

    @Test
    void refusesEmptyOrBlankHeaders() {
        assertUnauthorized(http.get(ApiFixture.LIST, List.of("X-User-Id: ", "X-Auth-Token: " + managerToken.authToken())));
        assertUnauthorized(http.get(ApiFixture.LIST, List.of("X-User-Id: " + managerToken.userId(), "X-Auth-Token:   ")));
    }

    @Test
    void refusesAWrongToken() {
        assertUnauthorized(http.get(ApiFixture.LIST,
                List.of("X-User-Id: " + managerToken.userId(), "X-Auth-Token: " + managerToken.authToken() + "x")));
    }

    @Test
    void refusesAnUnknownUser() {
        assertUnauthorized(http.get(ApiFixture.LIST,
                List.of("X-User-Id: NoSuchUser1234567", "X-Auth-Token: " + managerToken.authToken())));
    }

    @Test
    void refusesAnotherUsersToken() {
        assertUnauthorized(http.get(ApiFixture.LIST,
                List.of("X-User-Id: " + managerToken.userId(), "X-Auth-Token: " + otherToken.authToken())));
    }

    @Test
    void refusesTheStoredHashInPlaceOfTheToken() {
        String storedHash = fixture.jdbi().withHandle(handle -> handle.createQuery(
                        "SELECT hashed_token FROM login_tokens WHERE user_id = :id LIMIT 1")
                .bind("id", managerToken.userId()).mapTo(String.class).one());

        assertUnauthorized(http.get(ApiFixture.LIST,
                List.of("X-User-Id: " + managerToken.userId(), "X-Auth-Token: " + storedHash)));
    }

    @Test
    void refusesRepeatedHeaders() {
        assertUnauthorized(http.get(ApiFixture.LIST, List.of(
                "X-User-Id: " + managerToken.userId(),
                "X-Auth-Token: " + managerToken.authToken(),
                "X-Auth-Token: " + managerToken.authToken())));
    }

    @Test
    void refusesAnExpiredToken() {
        List<String> headers = fixture.loginWithRoles("expired", Roles.ADMIN);
        assertThat(http.get(ApiFixture.LIST, headers).status()).isEqualTo(200);

        fixture.jdbi().useHandle(handle -> handle.execute("""
                UPDATE login_tokens SET created_at = now() - interval '91 days'
                 WHERE user_id = (SELECT id FROM users WHERE username = 'expired')"""));

        assertUnauthorized(http.get(ApiFixture.LIST, headers));
    }

    @Test
    void refusesADeactivatedUserWithEveryTokenItHad() {
        List<String> first = fixture.loginWithRoles("leaver", Roles.ADMIN);
        List<String> second = ApiFixture.headers(fixture.token("leaver"));
        assertThat(http.get(ApiFixture.LIST, first).status()).isEqualTo(200);

        fixture.jdbi().useHandle(handle -> handle.execute("UPDATE users SET active = false WHERE username = 'leaver'"));

        assertUnauthorized(http.get(ApiFixture.LIST, first));
        assertUnauthorized(http.get(ApiFixture.LIST, second));
    }

    @Test
    void refusesAHugeTokenWithTheSameBody() {
        assertUnauthorized(http.get(ApiFixture.LIST,
                List.of("X-User-Id: " + managerToken.userId(), "X-Auth-Token: " + "t".repeat(8000))));
    }

    @Test
    void answersHeadersInAnyCase() {
        RawHttp.Response response = http.get(ApiFixture.LIST,
                List.of("x-user-id: " + managerToken.userId(), "X-AUTH-TOKEN: " + managerToken.authToken()));

        assertThat(response.status()).isEqualTo(200);
    }

    private static void assertUnauthorized(RawHttp.Response response) {
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.header("Content-Type")).isEqualTo("application/json");
        assertThat(response.body()).isEqualTo(UNAUTHORIZED);
    }
}
