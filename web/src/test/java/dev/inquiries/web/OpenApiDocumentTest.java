package dev.inquiries.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.inquiries.domain.Roles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.yaml.snakeyaml.Yaml;

/**
 * The OpenAPI document at /openapi: it parses (YAML and JSON), describes the list endpoint with its
 * parameters and headers, names every status code of the contract, and each example body in it is what the
 * server really sends in that case.
 */
class OpenApiDocumentTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OPERATION = "/paths/~1api~1v1~1livechat~1inquiries.list/get";

    @RegisterExtension
    static final ApiServerExtension API = ApiServerExtension.onTestDatabase();

    private static List<String> manager;
    private static List<String> withoutPermission;

    private final RawHttp http = API.http();

    @BeforeAll
    static void arrange() {
        manager = API.loginWithRoles("maria", Roles.LIVECHAT_MANAGER);
        withoutPermission = API.loginWithRoles("olga", Roles.USER);
        // The rows of the document's own 200 example.
        API.department("jHFgdJyJWstB9M2ik", "Sales")
                .inquiry("GpxfRo8TaPHfsnnC5", "Marcos Defendi", Instant.parse("2019-06-11T19:01:57.424Z"), "queued",
                        "jHFgdJyJWstB9M2ik");
        API.jdbi().useHandle(handle -> handle.execute("UPDATE inquiries SET rid = 'EbQjtCosHJWLQmQYT'"));
    }

    @Test
    void servesYamlAndJsonThatSayTheSame() {
        RawHttp.Response yaml = http.get("/openapi", List.of());
        RawHttp.Response json = http.get("/openapi?format=JSON", List.of());

        assertThat(yaml.status()).isEqualTo(200);
        assertThat(json.status()).isEqualTo(200);
        JsonNode fromYaml = JSON.valueToTree(new Yaml().<Map<String, Object>>load(yaml.body()));
        assertThat(fromYaml).isEqualTo(document());
        assertThat(fromYaml.get("openapi").asText()).startsWith("3.");
    }

    @Test
    void describesTheListEndpointsParametersAndHeaders() {
        JsonNode document = document();
        JsonNode operation = document.at(OPERATION);

        assertThat(operation.isObject()).isTrue();
        assertThat(operation.get("parameters").findValuesAsText("name")).containsExactly("department", "offset", "count", "sort");
        assertThat(operation.get("parameters").findValuesAsText("in")).containsOnly("query");
        List<String> authHeaders = new ArrayList<>();
        document.at("/components/securitySchemes").forEach(scheme -> {
            assertThat(scheme.get("in").asText()).isEqualTo("header");
            authHeaders.add(scheme.get("name").asText());
        });
        assertThat(authHeaders).containsExactly("X-User-Id", "X-Auth-Token");
        assertThat(document.get("security").get(0).size()).isEqualTo(2);
        assertThat(operation.at("/responses/405/headers/Allow").isObject()).isTrue();
    }

    @Test
    void namesEveryStatusCodeOfTheContractWithAJsonBodyAndTheRequestId() {
        JsonNode responses = document().at(OPERATION + "/responses");

        List<String> codes = new ArrayList<>();
        responses.fieldNames().forEachRemaining(codes::add);
        assertThat(codes).containsExactly("200", "400", "401", "403", "404", "405", "500", "503");
        responses.forEach(response -> {
            assertThat(response.at("/content/application~1json/schema/$ref").asText()).startsWith("#/components/schemas/");
            assertThat(response.at("/headers/X-Request-Id/$ref").asText()).isEqualTo("#/components/headers/RequestId");
        });
    }

    @Test
    void givesExamplesThatAreWhatTheServerSends() throws Exception {
        JsonNode responses = document().at(OPERATION + "/responses");

        assertSends(responses, "200", http.get(ApiServerExtension.LIST, manager));
        assertSends(responses, "400/content/application~1json/examples/invalidParams/value",
                http.get(ApiServerExtension.LIST + "?count=-1", manager), 400);
        assertSends(responses, "400/content/application~1json/examples/invalidSort/value",
                http.get(ApiServerExtension.LIST + "?sort=nope", manager), 400);
        assertSends(responses, "401", http.get(ApiServerExtension.LIST, List.of()));
        assertSends(responses, "403", http.get(ApiServerExtension.LIST, withoutPermission));
        assertSends(responses, "404", http.get(ApiServerExtension.LIST + "x", manager));
        assertSends(responses, "405", http.send("DELETE", ApiServerExtension.LIST, manager));
        // BrokenSchemaTest and DatabaseOutageTest see the server send these.
        assertThat(example(responses, "500")).isEqualTo(JSON.readTree(BrokenSchemaTest.INTERNAL_ERROR));
        assertThat(example(responses, "503")).isEqualTo(JSON.readTree(DatabaseOutageTest.UNAVAILABLE));
    }

    private static void assertSends(JsonNode responses, String status, RawHttp.Response response) throws Exception {
        assertThat(response.status()).as(response.body()).isEqualTo(Integer.parseInt(status));
        assertThat(JSON.readTree(response.body())).isEqualTo(example(responses, status));
    }

    private static void assertSends(JsonNode responses, String examplePath, RawHttp.Response response, int status)
            throws Exception {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(JSON.readTree(response.body())).isEqualTo(responses.at("/" + examplePath));
    }

    private static JsonNode example(JsonNode responses, String status) {
        JsonNode example = responses.at("/" + status + "/content/application~1json/example");
        assertThat(example.isObject()).as("example of " + status).isTrue();
        return example;
    }

    private JsonNode document() {
        RawHttp.Response response = http.get("/openapi?format=JSON", List.of());
        assertThat(response.status()).isEqualTo(200);
        try {
            return JSON.readTree(response.body());
        } catch (Exception failure) {
            throw new AssertionError("The OpenAPI document is not JSON: " + response.body(), failure);
        }
    }
}
