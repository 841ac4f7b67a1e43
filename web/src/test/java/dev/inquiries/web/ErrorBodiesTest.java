package dev.inquiries.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import dev.inquiries.domain.Roles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Errors outside the endpoint's own rules: unknown paths, wrong methods, requests HTTP cannot parse. */
class ErrorBodiesTest {

    @RegisterExtension
    static final ApiServerExtension API = ApiServerExtension.onTestDatabase();

    private static List<String> admin;

    private final RawHttp http = API.http();

    @BeforeAll
    static void arrange() {
        admin = API.loginWithRoles("root", Roles.ADMIN);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/nowhere", "/page/index.html", "/api/v1/livechat/inquiries.lists", "/api/v1/livechat/inquiries.list/x",
            "/api/v2/livechat/inquiries.list", "/API/V1/LIVECHAT/INQUIRIES.LIST", "/api/v1/livechat"})
    void answersAnUnknownPathWith404Json(String path) {
        RawHttp.Response response = http.get(path, admin);

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.header("Content-Type")).isEqualTo("application/json");
        assertThat(response.body()).isEqualTo("{\"success\":false,\"error\":\"Not Found\"}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"POST", "PUT", "DELETE", "PATCH", "OPTIONS"})
    void answersAWrongMethodWith405JsonAndTheAllowedMethod(String method) {
        RawHttp.Response response = http.send(method, ApiServerExtension.LIST, admin);

        assertThat(response.status()).isEqualTo(405);
        assertThat(response.header("Allow")).isEqualTo("GET");
        assertThat(response.header("Content-Type")).isEqualTo("application/json");
        assertThat(response.body()).isEqualTo("{\"success\":false,\"error\":\"Method Not Allowed\"}");
    }

    @Test
    void answersAnOverlongRequestLineWith414Json() {
        RawHttp.Response response = http.get(ApiServerExtension.LIST + "?department=" + "x".repeat(20_000), admin);

        assertThat(response.status()).isEqualTo(414);
        assertThat(response.header("Content-Type")).isEqualTo("application/json");
        assertThat(response.body()).isEqualTo("{\"success\":false,\"error\":\"Request-URI Too Long\"}");
    }

    @Test
    void answersOverlongHeadersWith400Json() {
        RawHttp.Response response = http.get(ApiServerExtension.LIST, List.of("X-Auth-Token: " + "t".repeat(40_000)));

        // Helidon 4.5 reports headers past its limit as malformed (400), not as 431; see the README.
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.header("Content-Type")).isEqualTo("application/json");
        assertThat(response.body()).isEqualTo("{\"success\":false,\"error\":\"The request is malformed [invalid-params]\","
                + "\"errorType\":\"invalid-params\"}");
    }

    @Test
    void answersAMalformedHeaderWithJson() {
        RawHttp.Response response = http.get(ApiServerExtension.LIST, List.of("this is not a header"));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.header("Content-Type")).isEqualTo("application/json");
        assertThat(response.body()).contains("\"success\":false", "\"errorType\":\"invalid-params\"");
    }

    @Test
    void givesEveryResponseARequestId() {
        assertThat(http.get(ApiServerExtension.LIST, admin).header("X-Request-Id")).matches("[0-9a-f-]{36}");
        assertThat(http.get("/nowhere", admin).header("X-Request-Id")).matches("[0-9a-f-]{36}");
        assertThat(http.send("POST", ApiServerExtension.LIST, admin).header("X-Request-Id")).matches("[0-9a-f-]{36}");
    }

    @Test
    void logsNoClientErrorAsAWarningOrWorse() {
        try (LogCapture logs = new LogCapture()) {
            http.get("/nowhere", admin);
            http.send("DELETE", ApiServerExtension.LIST, admin);
            http.get(ApiServerExtension.LIST + "?sort=nonsense", admin);
            http.get(ApiServerExtension.LIST + "?count=-1", admin);
            http.get(ApiServerExtension.LIST, List.of("X-User-Id: nobody", "X-Auth-Token: nothing"));
            http.get(ApiServerExtension.LIST, List.of("this is not a header"));
            http.get(ApiServerExtension.LIST + "?department=" + "x".repeat(20_000), admin);

            assertThat(logs.atLeast(java.util.logging.Level.WARNING)).isEmpty();
        }
    }

    @Test
    void keepsServingAfterBadRequests() {
        http.get(ApiServerExtension.LIST, List.of("this is not a header"));
        http.get(ApiServerExtension.LIST + "?x=" + "y".repeat(20_000), admin);

        assertThat(http.get(ApiServerExtension.LIST, admin).status()).isEqualTo(200);
    }
}
