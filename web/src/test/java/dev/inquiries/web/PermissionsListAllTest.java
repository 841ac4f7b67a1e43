package dev.inquiries.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.inquiries.domain.Roles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code GET /api/v1/permissions.listAll} over HTTP: every permission with the roles granted it, read from
 * {@code role_permissions} at each request, for any signed-in user; 401 otherwise; Rocket.Chat's 400s.
 */
class PermissionsListAllTest {

    static final String LIST_ALL = InquiriesServer.API + "/permissions.listAll";

    /** The migrations' grants, by permission id and then role id in byte order. */
    private static final String DEFAULT_GRANTS = "["
            + "{\"_id\":\"close-livechat-room\",\"roles\":[\"admin\",\"livechat-agent\",\"livechat-manager\",\"livechat-monitor\"]},"
            + "{\"_id\":\"close-others-livechat-room\",\"roles\":[\"admin\",\"livechat-manager\",\"livechat-monitor\"]},"
            + "{\"_id\":\"manage-livechat-agents\",\"roles\":[\"admin\",\"livechat-manager\"]},"
            + "{\"_id\":\"manage-livechat-priorities\",\"roles\":[\"admin\",\"livechat-manager\"]},"
            + "{\"_id\":\"manage-livechat-sla\",\"roles\":[\"admin\",\"livechat-manager\"]},"
            + "{\"_id\":\"transfer-livechat-guest\",\"roles\":[\"admin\",\"livechat-manager\",\"livechat-monitor\"]},"
            + "{\"_id\":\"view-l-room\",\"roles\":[\"admin\",\"livechat-agent\",\"livechat-manager\",\"livechat-monitor\"]},"
            + "{\"_id\":\"view-livechat-departments\",\"roles\":[\"admin\",\"livechat-manager\",\"livechat-monitor\"]},"
            + "{\"_id\":\"view-livechat-manager\",\"roles\":[\"admin\",\"livechat-manager\",\"livechat-monitor\"]},"
            + "{\"_id\":\"view-livechat-rooms\",\"roles\":[\"admin\",\"livechat-manager\",\"livechat-monitor\"]}]";

    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final ApiServerExtension API = ApiServerExtension.onTestDatabase();

    private static List<String> plainUser;

    private final RawHttp http = API.http();

    @BeforeAll
    static void arrange() {
        plainUser = API.loginWithRoles("uma", Roles.USER);
    }

    @Test
    void listsEveryPermissionWithItsRolesToAnySignedInUser() throws Exception {
        Instant before = Instant.now().minusSeconds(1);
        RawHttp.Response response = http.get(LIST_ALL, plainUser);

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.header("Content-Type")).isEqualTo("application/json");
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.fieldNames()).toIterable().containsExactly("update", "remove", "success");
        assertThat(withoutUpdatedAt(body.get("update"))).isEqualTo(JSON.readTree(DEFAULT_GRANTS));
        assertThat(body.get("remove").isArray() && body.get("remove").isEmpty()).isTrue();
        assertThat(body.get("success").asBoolean()).isTrue();
        for (JsonNode permission : body.get("update")) {
            assertThat(permission.fieldNames()).toIterable().containsExactly("_id", "roles", "_updatedAt");
            String updatedAt = permission.get("_updatedAt").asText();
            assertThat(updatedAt).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");
            assertThat(Instant.parse(updatedAt)).isBetween(before, Instant.now().plusSeconds(1));
        }
    }

    @Test
    void showsAGrantChangedWithSqlAtTheNextRequest() throws Exception {
        API.jdbi().useHandle(handle -> handle.execute(
                "INSERT INTO role_permissions (role_id, permission_id) VALUES ('user', 'view-livechat-manager')"));
        API.jdbi().useHandle(handle -> handle.execute("INSERT INTO permissions (id) VALUES ('granted-to-nobody')"));
        try {
            JsonNode update = JSON.readTree(http.get(LIST_ALL, plainUser).body()).get("update");

            assertThat(update.findValuesAsText("_id")).containsExactly("close-livechat-room", "close-others-livechat-room",
                    "granted-to-nobody", "manage-livechat-agents", "manage-livechat-priorities", "manage-livechat-sla",
                    "transfer-livechat-guest", "view-l-room", "view-livechat-departments", "view-livechat-manager",
                    "view-livechat-rooms");
            assertThat(update.get(2).get("roles").isEmpty()).isTrue();
            assertThat(update.get(9).get("roles").toString())
                    .isEqualTo("[\"admin\",\"livechat-manager\",\"livechat-monitor\",\"user\"]");
        } finally {
            API.jdbi().useHandle(handle -> {
                handle.execute("DELETE FROM role_permissions WHERE role_id = 'user'");
                handle.execute("DELETE FROM permissions WHERE id = 'granted-to-nobody'");
            });
        }
    }

    @Test
    void answersEveryPermissionWhateverTheClientsCopyIsFrom() throws Exception {
        String since = Instant.now().plus(Duration.ofDays(1)).toString();

        RawHttp.Response response = http.get(LIST_ALL + "?updatedSince=" + since, plainUser);

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(withoutUpdatedAt(JSON.readTree(response.body()).get("update"))).isEqualTo(JSON.readTree(DEFAULT_GRANTS));
        assertThat(http.get(LIST_ALL + "?updatedSince=", plainUser).status()).isEqualTo(200);
    }

    @Test
    void refusesAnUnknownCallerWithTheContracts401() {
        String wrongToken = plainUser.getFirst();

        for (List<String> headers : List.of(List.<String>of(), List.of(wrongToken, "X-Auth-Token: not-a-token"))) {
            RawHttp.Response response = http.get(LIST_ALL, headers);
            assertThat(response.status()).isEqualTo(401);
            assertThat(response.body()).isEqualTo(InquiriesListAuthTest.UNAUTHORIZED);
        }
        // The caller is checked before the parameters, as Rocket.Chat's authRequired is.
        assertThat(http.get(LIST_ALL + "?updatedSince=never", List.of()).status()).isEqualTo(401);
    }

    @Test
    void refusesWhatRocketChatRefuses() {
        RawHttp.Response notADate = http.get(LIST_ALL + "?updatedSince=never", plainUser);
        assertThat(notADate.status()).isEqualTo(400);
        assertThat(notADate.body()).isEqualTo("{\"success\":false,\"error\":\"The \\\"updatedSince\\\" query parameter must be"
                + " a valid date. [error-roomId-param-invalid]\",\"errorType\":\"error-roomId-param-invalid\"}");

        RawHttp.Response another = http.get(LIST_ALL + "?since=2017-11-25", plainUser);
        assertThat(another.status()).isEqualTo(400);
        assertThat(another.body()).isEqualTo("{\"success\":false,\"error\":\"must NOT have additional properties "
                + "[invalid-params]\",\"errorType\":\"invalid-params\"}");

        RawHttp.Response posted = http.send("POST", LIST_ALL, plainUser);
        assertThat(posted.status()).isEqualTo(405);
    }

    private static JsonNode withoutUpdatedAt(JsonNode update) {
        JsonNode copy = update.deepCopy();
        copy.forEach(permission -> ((ObjectNode) permission).remove("_updatedAt"));
        return copy;
    }
}
