package dev.inquiries.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.inquiries.domain.Roles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every malformed or hostile parameter gets a typed 400 or an empty page, and the data stay intact. */
class InquiriesListParametersTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final ApiServerExtension API = ApiServerExtension.onTestDatabase();

    private static List<String> admin;

    private final RawHttp http = API.http();

    @BeforeAll
    static void arrange() {
        API.department("dep-a", "Alpha")
                .inquiry("q1", "Ada", Instant.parse("2024-01-01T00:00:00Z"), "queued", "dep-a")
                .inquiry("q2", "Bo", Instant.parse("2024-01-02T00:00:00Z"), "queued", null)
                .inquiry("t1", "Tim", Instant.parse("2024-01-03T00:00:00Z"), "taken", "dep-a");
        admin = API.loginWithRoles("root", Roles.ADMIN);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "ts", "{\"ts\":2}", "{\"ts\":0}", "{\"ts\":\"1\"}", "{\"ts\":\"desc\"}", "{\"ts\":true}", "{\"ts\":null}",
            "[\"ts\"]", "null", "{", "{\"ts\":1,\"ts\":-1}", "{\"value\":-1,\"_id\":1}", "{\"queuedAt\":1}",
            "{\"ts\":{\"$gt\":0}}", "{\"ts; DROP TABLE inquiries; --\":1}", "{\"ts\":1}; DROP TABLE inquiries",
            "{\"(SELECT 1)\":1}", "{\"ts\\\" DESC, (SELECT pg_sleep(10)) --\":1}", "{\"naïve\":1}",
            "{\"ts\":1e999999999999}", "{\"ts\":-1.0000000000000000000001}"})
    void refusesAMalformedSortWithTheRawValueQuoted(String raw) throws Exception {
        RawHttp.Response response = get("?sort=" + encode(raw));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.header("Content-Type")).isEqualTo("application/json");
        assertThat(JSON.readTree(response.body())).isEqualTo(JSON.createObjectNode()
                .put("success", false)
                .put("error", "Invalid sort parameter provided: \"" + raw + "\" [error-invalid-sort]")
                .put("errorType", "error-invalid-sort"));
        assertDataIntact();
    }

    @Test
    void acceptsWhitespaceAroundAndInsideTheSortObject() {
        RawHttp.Response response = get("?sort=" + encode(" { \"name\" : -1 } "));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).startsWith("{\"inquiries\":[{\"_id\":\"q2\"");
    }

    @Test
    void answersAnInvalidSortWithTheContractsFieldsInOrder() {
        RawHttp.Response response = get("?sort=%7B%22x%22%3A1%7D");

        assertThat(response.body()).isEqualTo("{\"success\":false,\"error\":\"Invalid sort parameter provided: "
                + "\\\"{\\\"x\\\":1}\\\" [error-invalid-sort]\",\"errorType\":\"error-invalid-sort\"}");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "' OR '1'='1", "Alpha' OR 1=1 --", "Alpha'; DROP TABLE inquiries; --", "%", "_", "*", ".*", "Alpha%",
            "{\"$ne\":null}", "\\", "\"", "NULL", "null", "dep-a ", " dep-a", "DEP-A", "alpha", "Alpha\u0000",
            "\u0000", "日本語", "🙂", "\u202Edep-a", "$$; SELECT 1; $$", "E'\\x27'"})
    void answersHostileOrNearMissDepartmentsWithAnEmptyPage(String department) {
        RawHttp.Response response = get("?department=" + encode(department));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"inquiries\":[],\"offset\":0,\"count\":0,\"total\":0,\"success\":true}");
        assertDataIntact();
    }

    @Test
    void answersAVeryLongDepartmentWithAnEmptyPage() {
        assertThat(get("?department=" + "d".repeat(3000)).body()).contains("\"total\":0");
    }

    @ParameterizedTest
    @ValueSource(strings = {"fields", "query", "status", "Count", "_", "limit", "skip", "department%5B%5D"})
    void refusesUnknownParameters(String name) {
        RawHttp.Response response = get("?" + name + "=1");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body()).startsWith("{\"success\":false,\"error\":\"Unknown parameter \\\"")
                .endsWith(" [invalid-params]\",\"errorType\":\"invalid-params\"}");
    }

    @Test
    void refusesARepeatedParameter() {
        RawHttp.Response response = get("?count=1&count=2");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body()).isEqualTo("{\"success\":false,\"error\":\"The parameter \\\"count\\\" must be given "
                + "at most once [invalid-params]\",\"errorType\":\"invalid-params\"}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "1.5", "abc", "1e3", "%2B1", "0x1", "%201", "-0"})
    void refusesOffsetsAndCountsThatAreNotNonNegativeIntegers(String value) {
        for (String name : List.of("offset", "count")) {
            RawHttp.Response response = get("?" + name + "=" + value);

            assertThat(response.status()).isEqualTo(400);
            assertThat(response.body()).isEqualTo("{\"success\":false,\"error\":\"The parameter \\\"" + name
                    + "\\\" must be a non-negative integer [invalid-params]\",\"errorType\":\"invalid-params\"}");
        }
    }

    @Test
    void refusesAnOffsetBeyondWhatPostgresCanSkip() {
        RawHttp.Response response = get("?offset=9223372036854775808");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body()).contains("must be at most 9223372036854775807 [invalid-params]");
        assertThat(get("?offset=" + "9".repeat(400)).status()).isEqualTo(400);
        assertThat(get("?offset=9223372036854775807").body()).contains("\"total\":2");
    }

    @Test
    void refusesABrokenPercentEncodingWithJson() {
        RawHttp.Response response = get("?department=%zz");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.header("Content-Type")).isEqualTo("application/json");
        assertThat(response.body()).contains("\"success\":false", "\"errorType\":\"invalid-params\"");
    }

    private RawHttp.Response get(String query) {
        return http.get(ApiServerExtension.LIST + query, admin);
    }

    private static void assertDataIntact() {
        assertThat(API.count("SELECT count(*) FROM inquiries")).isEqualTo(3);
        assertThat(API.count("SELECT count(*) FROM departments")).isEqualTo(1);
        assertThat(API.count("SELECT count(*) FROM users")).isEqualTo(1);
    }

    private static String encode(String raw) {
        return URLEncoder.encode(raw, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
