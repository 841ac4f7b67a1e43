package dev.inquiries.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.inquiries.domain.Roles;
import dev.inquiries.domain.Sha256;
import dev.inquiries.domain.login.LoginPolicy;
import dev.inquiries.persistence.UserRepository;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code POST /api/v1/login}, {@code /logout} and {@code /me} over HTTP, byte for byte as the contract has them. */
class SignInTest {

    static final String LOGIN = InquiriesServer.API + "/login";
    static final String LOGOUT = InquiriesServer.API + "/logout";
    static final String ME = InquiriesServer.API + "/me";
    static final String LOGIN_FAILED = "{\"success\":false,\"error\":\"Unauthorized\",\"status\":\"error\",\"message\":\"Unauthorized\"}";
    static final String BLOCKED_FOR_USER = "{\"success\":false,\"error\":\"error-login-blocked-for-user\",\"status\":\"error\","
            + "\"message\":\"Login has been temporarily blocked for this user after repeated failures\"}";
    private static final int USER_FAILURES = 3;
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final ApiServerExtension API = ApiServerExtension.onTestDatabase().signIn(new Settings.SignInSettings(
            new LoginPolicy(USER_FAILURES, Duration.ofMinutes(5), 0, Duration.ofMinutes(5), Duration.ofMinutes(5)), false));

    private static String anaId;

    private final RawHttp http = API.http();

    @BeforeAll
    static void arrange() {
        UserRepository users = new UserRepository(API.database());
        anaId = users.add("ana", "correct horse", List.of(Roles.LIVECHAT_MANAGER, Roles.USER), "Ana@Example.com").id();
        users.add("gone", "correct horse", List.of(Roles.USER));
        users.deactivate("gone");
        API.inquiry("q1", "Ada", Instant.parse("2024-01-01T00:00:00Z"), "queued", null);
    }

    @BeforeEach
    void forgetFailures() {
        API.jdbi().useHandle(handle -> handle.execute("DELETE FROM login_blocks"));
    }

    /**
     * What {@code @rocket.chat/api-client}'s users do, replayed request for request: post {@code {user, password}}
     * to {@code /v1/login}, read {@code data.userId} and {@code data.authToken}, set them as the two headers
     * ({@code setCredentials}), then list the queue.
     */
    @Test
    void letsARocketChatClientSignInAndListTheQueue() throws Exception {
        RawHttp.Response login = http.postJson(LOGIN, List.of("Accept: application/json"),
                "{\"user\":\"ana\",\"password\":\"correct horse\"}");

        assertThat(login.status()).isEqualTo(200);
        assertThat(login.header("Content-Type")).isEqualTo("application/json");
        JsonNode body = JSON.readTree(login.body());
        String userId = body.at("/data/userId").asText();
        String authToken = body.at("/data/authToken").asText();
        assertThat(userId).isEqualTo(anaId);
        assertThat(authToken).hasSize(43);
        assertThat(login.body()).isEqualTo("{\"status\":\"success\",\"data\":{\"userId\":\"" + anaId + "\",\"authToken\":\""
                + authToken + "\",\"me\":" + me(anaId) + "},\"success\":true}");

        RawHttp.Response list = http.get(ApiServerExtension.LIST, List.of("X-User-Id: " + userId, "X-Auth-Token: " + authToken));
        assertThat(list.status()).isEqualTo(200);
        assertThat(JSON.readTree(list.body()).get("total").asLong()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"user\":\"ana\",\"password\":\"correct horse\"}",
        "{\"user\":\"ANA@example.com\",\"password\":\"correct horse\"}",
        "{\"username\":\"ana\",\"password\":\"correct horse\"}",
        "{\"email\":\"ana@EXAMPLE.COM\",\"password\":\"correct horse\"}",
        "{\"password\":{\"hashed\":\"4104D36F8DA2C254349F85836793EBE029E0C957063A34C91C2E9203187B5631\"},\"user\":\"ana\"}"})
    void logsInWithEveryFormOfTheContract(String body) throws Exception {
        RawHttp.Response login = http.postJson(LOGIN, List.of(), body);

        assertThat(login.status()).as(login.body()).isEqualTo(200);
        assertThat(JSON.readTree(login.body()).at("/data/userId").asText()).isEqualTo(anaId);
    }

    @Test
    void resumesWithTheTokenItWasGiven() throws Exception {
        String token = loginAsAna().get(1).substring("X-Auth-Token: ".length());

        RawHttp.Response resumed = http.postJson(LOGIN, List.of(), "{\"resume\":\"" + token + "\"}");

        assertThat(resumed.status()).isEqualTo(200);
        assertThat(JSON.readTree(resumed.body()).at("/data/authToken").asText()).isEqualTo(token);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"user\":\"ana\",\"password\":\"wrong horse\"}",
        "{\"user\":\"nobody\",\"password\":\"correct horse\"}",
        "{\"username\":\"Ana\",\"password\":\"correct horse\"}",
        "{\"user\":\"gone\",\"password\":\"correct horse\"}",
        "{\"password\":{\"hashed\":\"0000000000000000000000000000000000000000000000000000000000000000\"},\"user\":\"ana\"}",
        "{\"resume\":\"not-a-token\"}"})
    void refusesEveryFailedLoginWithOneBody(String body) {
        RawHttp.Response login = http.postJson(LOGIN, List.of(), body);

        assertThat(login.status()).isEqualTo(401);
        assertThat(login.body()).isEqualTo(LOGIN_FAILED);
    }

    @Test
    void blocksANameAfterRepeatedFailuresEvenWithTheRightPassword() {
        for (int i = 0; i < USER_FAILURES; i++) {
            assertThat(http.postJson(LOGIN, List.of(), "{\"user\":\"ana\",\"password\":\"guess\"}").body()).isEqualTo(LOGIN_FAILED);
        }

        RawHttp.Response blocked = http.postJson(LOGIN, List.of(), "{\"user\":\"ana\",\"password\":\"correct horse\"}");

        assertThat(blocked.status()).isEqualTo(401);
        assertThat(blocked.body()).isEqualTo(BLOCKED_FOR_USER);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "null", "[]", "\"ana\"", "{}", "{\"user\":\"ana\"}", "{\"password\":\"x\"}",
        "{\"user\":\"ana\",\"password\":\"x\",\"code\":\"1\"}", "{\"user\":\"ana\",\"username\":\"ana\",\"password\":\"x\"}",
        "{\"user\":1,\"password\":\"x\"}", "{\"user\":\"\",\"password\":\"x\"}", "{\"user\":\"ana\",\"password\":1}",
        "{\"user\":\"ana\",\"password\":{\"hashed\":\"abc\"}}", "{\"user\":\"ana\",\"password\":{\"plain\":\"x\"}}",
        "{\"resume\":5}", "{\"resume\":\"t\",\"user\":\"ana\"}", "{\"user\":\"ana\",\"user\":\"bob\",\"password\":\"x\"}",
        "{\"user\":\"ana\",\"password\":\"x\"} trailing", "{\"user\":\"ana\",\"password\":\"x\"", "\u00ff\u00fe"})
    void answersAMalformedBodyWithInvalidParams(String body) throws Exception {
        RawHttp.Response login = http.postJson(LOGIN, List.of(), body);

        assertThat(login.status()).as(body).isEqualTo(400);
        JsonNode error = JSON.readTree(login.body());
        assertThat(error.get("success").asBoolean()).isFalse();
        assertThat(error.get("errorType").asText()).isEqualTo("invalid-params");
        assertThat(error.get("error").asText()).endsWith(" [invalid-params]").doesNotContain("ana", "bob", "x\"");
    }

    @Test
    void refusesAHugeBodyWithoutWaitingForIt() {
        // Only the headers are sent: an answer proves the service does not wait to read the megabyte they announce.
        RawHttp.Response announced = http.send("POST", LOGIN, List.of("Content-Type: application/json",
                "Content-Length: " + 1024 * 1024));

        assertThat(announced.status()).isEqualTo(413);
        assertThat(announced.header("Content-Type")).isEqualTo("application/json");
        assertThat(announced.body()).isEqualTo("{\"success\":false,\"error\":\"Request Entity Too Large\"}");
    }

    @Test
    void logsOutOnlyTheTokenInUseByPostOrGet() {
        List<String> first = loginAsAna();
        List<String> second = loginAsAna();
        List<String> third = loginAsAna();

        RawHttp.Response post = http.send("POST", LOGOUT, first);
        RawHttp.Response get = http.get(LOGOUT, second);

        for (RawHttp.Response logout : List.of(post, get)) {
            assertThat(logout.status()).isEqualTo(200);
            assertThat(logout.body()).isEqualTo("{\"status\":\"success\",\"data\":{\"message\":\"You've been logged out!\"}}");
        }
        assertThat(http.get(ME, first).status()).isEqualTo(401);
        assertThat(http.get(ApiServerExtension.LIST, second).body()).isEqualTo(InquiriesListAuthTest.UNAUTHORIZED);
        assertThat(http.get(ME, third).status()).isEqualTo(200);
        assertThat(http.get(LOGOUT, first).body()).isEqualTo(InquiriesListAuthTest.UNAUTHORIZED);
    }

    @Test
    void showsMeWithoutAHashOrAToken() {
        List<String> headers = loginAsAna();

        RawHttp.Response me = http.get(ME, headers);

        assertThat(me.status()).isEqualTo(200);
        assertThat(me.body()).isEqualTo(me(anaId).replaceFirst("}$", ",\"success\":true}"));
        String hash = API.jdbi().withHandle(handle -> handle.createQuery("SELECT password_hash FROM users WHERE id = :id")
                .bind("id", anaId).mapTo(String.class).one());
        assertThat(me.body()).doesNotContain(hash, headers.get(1).substring("X-Auth-Token: ".length()), "password");
        assertThat(http.get(ME, List.of()).body()).isEqualTo(InquiriesListAuthTest.UNAUTHORIZED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET /api/v1/login", "PUT /api/v1/logout", "POST /api/v1/me", "DELETE /api/v1/me"})
    void answersAnotherMethodWith405(String request) {
        String[] parts = request.split(" ");

        RawHttp.Response response = http.send(parts[0], parts[1], List.of());

        assertThat(response.status()).isEqualTo(405);
        assertThat(response.header("Allow")).isNotBlank();
    }

    @Test
    void neverLogsAPassword() {
        String password = "pw-" + Sha256.hex("never logged").substring(0, 20);
        Logger root = Logger.getLogger("");
        Level level = root.getLevel();
        List<String> logged = new ArrayList<>();
        try (LogCapture capture = new LogCapture()) {
            root.setLevel(Level.ALL);
            http.postJson(LOGIN, List.of(), "{\"user\":\"ana\",\"password\":\"" + password + "\"}");
            http.postJson(LOGIN, List.of(), "{\"user\":\"ana\",\"password\":\"" + password + "\",\"extra\":1}");
            http.postJson(LOGIN, List.of(), "{\"user\":\"ana\",\"password\":\"" + password + "\"");
            logged.addAll(capture.all());
        } finally {
            root.setLevel(level);
        }
        assertThat(logged).noneMatch(line -> line.contains(password));
    }

    private List<String> loginAsAna() {
        RawHttp.Response login = http.postJson(LOGIN, List.of(), "{\"user\":\"ana\",\"password\":\"correct horse\"}");
        assertThat(login.status()).isEqualTo(200);
        try {
            JsonNode data = JSON.readTree(login.body()).get("data");
            return List.of("X-User-Id: " + data.get("userId").asText(), "X-Auth-Token: " + data.get("authToken").asText());
        } catch (java.io.IOException malformed) {
            throw new AssertionError(malformed);
        }
    }

    private static String me(String id) {
        return "{\"_id\":\"" + id + "\",\"username\":\"ana\",\"emails\":[{\"address\":\"Ana@Example.com\",\"verified\":true}],"
                + "\"email\":\"Ana@Example.com\",\"roles\":[\"livechat-manager\",\"user\"],\"active\":true,\"status\":\"online\","
                + "\"statusLivechat\":\"available\",\"utcOffset\":0,\"settings\":{\"profile\":{},\"preferences\":{}}}";
    }
}
