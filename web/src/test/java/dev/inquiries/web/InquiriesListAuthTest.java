package dev.inquiries.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import dev.inquiries.domain.Roles;
import dev.inquiries.persistence.LoginTokenRepository.IssuedToken;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Who may list the queue: every kind of 401, the 403, and a 200 through each role that is granted it. */
class InquiriesListAuthTest {

    static final String UNAUTHORIZED = "{\"success\":false,\"status\":\"error\",\"error\":\"You must be logged in to do this.\","
            + "\"message\":\"You must be logged in to do this.\"}";
    static final String FORBIDDEN =
            "{\"success\":false,\"error\":\"User does not have the permissions required for this action [error-unauthorized]\"}";

    @RegisterExtension
    static final ApiServerExtension API = ApiServerExtension.onTestDatabase();

    private static IssuedToken managerToken;
    private static IssuedToken otherToken;

    private final RawHttp http = API.http();

    @BeforeAll
    static void arrange() {
        API.inquiry("q1", "Ada", Instant.parse("2024-01-01T00:00:00Z"), "queued", null);
        API.loginWithRoles("maria", Roles.LIVECHAT_MANAGER);
        managerToken = API.token("maria");
        API.loginWithRoles("olga", Roles.USER);
        otherToken = API.token("olga");
    }

    @ParameterizedTest
    @ValueSource(strings = {Roles.ADMIN, Roles.LIVECHAT_MANAGER, Roles.LIVECHAT_MONITOR})
    void listsForEveryRoleGrantedViewLivechatManager(String role) {
        RawHttp.Response response = http.get(ApiServerExtension.LIST, API.loginWithRoles("granted-" + role, role));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).contains("\"_id\":\"q1\"", "\"total\":1");
    }

    @ParameterizedTest
    @ValueSource(strings = {Roles.LIVECHAT_AGENT, Roles.USER})
    void refusesRolesWithoutThePermission(String role) {
        RawHttp.Response response = http.get(ApiServerExtension.LIST, API.loginWithRoles("denied-" + role, role));

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.header("Content-Type")).isEqualTo("application/json");
        assertThat(response.body()).isEqualTo(FORBIDDEN);
    }

    @Test
    void refusesAUserWithNoRoles() {
        RawHttp.Response response = http.get(ApiServerExtension.LIST, API.loginWithRoles("nobody"));

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.body()).isEqualTo(FORBIDDEN);
    }

    @Test
    void checksThePermissionBeforeTheParameters() {
        List<String> agent = API.loginWithRoles("early-agent", Roles.LIVECHAT_AGENT);

        RawHttp.Response response = http.get(ApiServerExtension.LIST + "?sort=nonsense&bogus=1&count=-1", agent);

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.body()).isEqualTo(FORBIDDEN);
    }

    @Test
    void checksTheLoginBeforeTheParameters() {
        assertUnauthorized(http.get(ApiServerExtension.LIST + "?sort=nonsense", List.of()));
    }

    @Test
    void refusesARequestWithoutHeaders() {
        assertUnauthorized(http.get(ApiServerExtension.LIST, List.of()));
    }

    @Test
    void refusesARequestMissingEitherHeader() {
        assertUnauthorized(http.get(ApiServerExtension.LIST, List.of("X-User-Id: " + managerToken.userId())));
        assertUnauthorized(http.get(ApiServerExtension.LIST, List.of("X-Auth-Token: " + managerToken.authToken())));
    }

    @Test
    void refusesEmptyOrBlankHeaders() {
        assertUnauthorized(http.get(ApiServerExtension.LIST, List.of("X-User-Id: ", "X-Auth-Token: " + managerToken.authToken())));
        assertUnauthorized(http.get(ApiServerExtension.LIST, List.of("X-User-Id: " + managerToken.userId(), "X-Auth-Token:   ")));
    }

    @Test
    void refusesAWrongToken() {
        assertUnauthorized(http.get(ApiServerExtension.LIST,
                List.of("X-User-Id: " + managerToken.userId(), "X-Auth-Token: " + managerToken.authToken() + "x")));
    }

    @Test
    void refusesAnUnknownUser() {
        assertUnauthorized(http.get(ApiServerExtension.LIST,
                List.of("X-User-Id: NoSuchUser1234567", "X-Auth-Token: " + managerToken.authToken())));
    }

    @Test
    void refusesAnotherUsersToken() {
        assertUnauthorized(http.get(ApiServerExtension.LIST,
                List.of("X-User-Id: " + managerToken.userId(), "X-Auth-Token: " + otherToken.authToken())));
    }

    @Test
    void refusesTheStoredHashInPlaceOfTheToken() {
        String storedHash = API.jdbi().withHandle(handle -> handle.createQuery(
                        "SELECT hashed_token FROM login_tokens WHERE user_id = :id LIMIT 1")
                .bind("id", managerToken.userId()).mapTo(String.class).one());

        assertUnauthorized(http.get(ApiServerExtension.LIST,
                List.of("X-User-Id: " + managerToken.userId(), "X-Auth-Token: " + storedHash)));
    }

    @Test
    void refusesRepeatedHeaders() {
        assertUnauthorized(http.get(ApiServerExtension.LIST, List.of(
                "X-User-Id: " + managerToken.userId(),
                "X-Auth-Token: " + managerToken.authToken(),
                "X-Auth-Token: " + managerToken.authToken())));
    }

    @Test
    void refusesAnExpiredToken() {
        List<String> headers = API.loginWithRoles("expired", Roles.ADMIN);
        assertThat(http.get(ApiServerExtension.LIST, headers).status()).isEqualTo(200);

        API.jdbi().useHandle(handle -> handle.execute("""
                UPDATE login_tokens SET created_at = now() - interval '91 days'
                 WHERE user_id = (SELECT id FROM users WHERE username = 'expired')"""));

        assertUnauthorized(http.get(ApiServerExtension.LIST, headers));
    }

    @Test
    void refusesADeactivatedUserWithEveryTokenItHad() {
        List<String> first = API.loginWithRoles("leaver", Roles.ADMIN);
        List<String> second = ApiServerExtension.headers(API.token("leaver"));
        assertThat(http.get(ApiServerExtension.LIST, first).status()).isEqualTo(200);

        API.jdbi().useHandle(handle -> handle.execute("UPDATE users SET active = false WHERE username = 'leaver'"));

        assertUnauthorized(http.get(ApiServerExtension.LIST, first));
        assertUnauthorized(http.get(ApiServerExtension.LIST, second));
    }

    @Test
    void refusesAHugeTokenWithTheSameBody() {
        assertUnauthorized(http.get(ApiServerExtension.LIST,
                List.of("X-User-Id: " + managerToken.userId(), "X-Auth-Token: " + "t".repeat(8000))));
    }

    @Test
    void answersHeadersInAnyCase() {
        RawHttp.Response response = http.get(ApiServerExtension.LIST,
                List.of("x-user-id: " + managerToken.userId(), "X-AUTH-TOKEN: " + managerToken.authToken()));

        assertThat(response.status()).isEqualTo(200);
    }

    private static void assertUnauthorized(RawHttp.Response response) {
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.header("Content-Type")).isEqualTo("application/json");
        assertThat(response.body()).isEqualTo(UNAUTHORIZED);
    }
}
