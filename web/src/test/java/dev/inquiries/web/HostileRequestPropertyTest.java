package dev.inquiries.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.inquiries.domain.Roles;
import dev.inquiries.persistence.LoginTokenRepository.IssuedToken;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Generated requests, hostile and ordinary: sort JSON of every shape, departments, counts, offsets, extra
 * parameters and header values. Every response is a 200 with a well-formed page, or a 400/401/403 with
 * the contract's body; never a 500, and never text the service did not write itself (SQL, a driver's
 * message, a class name). Runs a few hundred cases per build; {@code -Pfuzz} runs 10,000 per property.
 */
class HostileRequestPropertyTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, Long> QUEUED_BY_DEPARTMENT = Map.of("dep-a", 3L, "Alpha", 3L, "dep-b", 1L, "Beta", 1L);
    private static final long QUEUED = 6;
    private static final Pattern TIMESTAMP = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
    private static final List<Pattern> INVALID_PARAMS = List.of(
            Pattern.compile("Unknown parameter \".*\"; the parameters are department, offset, count and sort", Pattern.DOTALL),
            Pattern.compile("The parameter \"(offset|count)\" must be a non-negative integer"),
            Pattern.compile("The parameter \"(department|offset|count|sort)\" must be given at most once"),
            Pattern.compile("The parameter \"offset\" must be at most 9223372036854775807"),
            Pattern.compile("The request is malformed"),
            Pattern.compile("The query string is not valid percent-encoding"));
    private static final List<String> FIELDS = List.of("_id", "rid", "name", "ts", "status", "department");

    /** jqwik runs no JUnit Jupiter extension: the server is started and stopped by hand around the container. */
    private static final ApiServerExtension API = ApiServerExtension.onTestDatabase();
    private static RawHttp http;
    private static IssuedToken admin;
    private static IssuedToken agent;

    @BeforeContainer
    static void start() throws Exception {
        API.start();
        http = API.http();
        API.department("dep-a", "Alpha").department("dep-b", "Beta");
        Instant base = Instant.parse("2024-02-01T12:00:00.123Z");
        API.inquiry("a1", "Ada", base, "queued", "dep-a")
                .inquiry("a2", "Ann", base.plusSeconds(1), "queued", "dep-a")
                .inquiry("a3", "Abe", base.plusSeconds(2), "queued", "dep-a")
                .inquiry("b1", "Bea", base.plusSeconds(3), "queued", "dep-b")
                .inquiry("n1", "Nia", base.plusSeconds(4), "queued", null)
                .inquiry("n2", "Ned", base.plusSeconds(5), "queued", null)
                .inquiry("t1", "Tom", base.plusSeconds(6), "taken", "dep-a");
        API.loginWithRoles("root", Roles.ADMIN);
        admin = API.token("root");
        API.loginWithRoles("agent", Roles.LIVECHAT_AGENT);
        agent = API.token("agent");
    }

    @AfterContainer
    static void stop() throws Exception {
        API.close();
    }

    record Parameter(String name, String value) {
    }

    @Property
    void everyResponseIsAPageOrAContractError(@ForAll("parameters") List<Parameter> parameters,
                                              @ForAll("headers") List<String> headers) throws Exception {
        StringBuilder query = new StringBuilder();
        for (Parameter parameter : parameters) {
            query.append(query.isEmpty() ? "?" : "&").append(encode(parameter.name()));
            if (parameter.value() != null) {
                query.append('=').append(encode(parameter.value()));
            }
        }
        RawHttp.Response response = http.get(ApiServerExtension.LIST + query, headers);

        assertThat(response.status()).as(response.body()).isIn(200, 400, 401, 403);
        assertThat(response.header("Content-Type")).isEqualTo("application/json");
        JsonNode body = JSON.readTree(response.body());
        switch (response.status()) {
            case 200 -> assertWellFormedPage(body, parameters);
            case 400 -> assertContractBadRequest(body, parameters);
            case 401 -> assertThat(response.body()).isEqualTo(InquiriesListAuthTest.UNAUTHORIZED);
            default -> assertThat(response.body()).isEqualTo(InquiriesListAuthTest.FORBIDDEN);
        }
        assertThat(API.count("SELECT count(*) FROM inquiries")).isEqualTo(7);
    }

    @Property
    void everySortIsAcceptedOrRefusedWithItsRawValueQuoted(@ForAll("sorts") String sort) throws Exception {
        RawHttp.Response response = http.get(ApiServerExtension.LIST + "?sort=" + encode(sort), ApiServerExtension.headers(admin));

        assertThat(response.status()).as(sort).isIn(200, 400);
        JsonNode body = JSON.readTree(response.body());
        if (response.status() == 400) {
            assertThat(body.get("errorType").asText()).isEqualTo("error-invalid-sort");
            assertThat(body.get("error").asText())
                    .isEqualTo("Invalid sort parameter provided: \"" + sort + "\" [error-invalid-sort]");
            assertThat(fieldNames(body)).containsExactly("success", "error", "errorType");
        } else {
            assertWellFormedPage(body, List.of());
        }
    }

    private static void assertWellFormedPage(JsonNode body, List<Parameter> parameters) {
        assertThat(fieldNames(body)).containsExactly("inquiries", "offset", "count", "total", "success");
        assertThat(body.get("success").asBoolean()).isTrue();
        assertThat(body.get("count").asInt()).isEqualTo(body.get("inquiries").size());
        String department = parameters.stream().filter(p -> p.name().equals("department") && p.value() != null)
                .map(Parameter::value).filter(value -> !value.isEmpty()).findFirst().orElse(null);
        long expectedTotal = department == null ? QUEUED : QUEUED_BY_DEPARTMENT.getOrDefault(department, 0L);
        assertThat(body.get("total").asLong()).isEqualTo(expectedTotal);
        for (JsonNode inquiry : body.get("inquiries")) {
            assertThat(fieldNames(inquiry)).isSubsetOf("_id", "rid", "name", "ts", "status", "department")
                    .contains("_id", "rid", "name", "ts", "status");
            assertThat(inquiry.get("status").asText()).isEqualTo("queued");
            assertThat(inquiry.get("ts").asText()).matches(TIMESTAMP);
        }
    }

    private static void assertContractBadRequest(JsonNode body, List<Parameter> parameters) {
        assertThat(fieldNames(body)).containsExactly("success", "error", "errorType");
        assertThat(body.get("success").asBoolean()).isFalse();
        String errorType = body.get("errorType").asText();
        String error = body.get("error").asText();
        assertThat(errorType).isIn("invalid-params", "error-invalid-sort");
        assertThat(error).endsWith(" [" + errorType + "]");
        String message = error.substring(0, error.length() - errorType.length() - 3);
        if (errorType.equals("error-invalid-sort")) {
            List<String> sorts = parameters.stream().filter(p -> p.name().equals("sort") && p.value() != null)
                    .map(p -> "Invalid sort parameter provided: \"" + p.value() + "\"").toList();
            assertThat(sorts).contains(message);
        } else {
            assertThat(INVALID_PARAMS).anySatisfy(pattern -> assertThat(message).matches(pattern));
        }
    }

    @Provide
    Arbitrary<List<Parameter>> parameters() {
        Arbitrary<Parameter> known = Arbitraries.oneOf(
                departments().map(value -> new Parameter("department", value)),
                numbers().map(value -> new Parameter("offset", value)),
                numbers().map(value -> new Parameter("count", value)),
                sorts().map(value -> new Parameter("sort", value)),
                Arbitraries.of("department", "offset", "count", "sort").map(name -> new Parameter(name, null)));
        Arbitrary<Parameter> unknown = Combinators.combine(
                Arbitraries.oneOf(Arbitraries.strings().ofMinLength(1).ofMaxLength(40),
                        Arbitraries.of("fields", "query", "limit", "skip", "_", "Count", "department[]", "sort.ts")),
                Arbitraries.strings().ofMaxLength(30).injectNull(0.2)).as(Parameter::new);
        return Arbitraries.frequencyOf(Tuple.of(9, known), Tuple.of(1, unknown)).list().ofMaxSize(6);
    }

    @Provide
    Arbitrary<List<String>> headers() {
        Arbitrary<String> junk = Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(60);
        Arbitrary<String> userId = Arbitraries.oneOf(Arbitraries.just(admin.userId()), Arbitraries.just(agent.userId()), junk);
        Arbitrary<String> token = Arbitraries.oneOf(Arbitraries.just(admin.authToken()), Arbitraries.just(agent.authToken()), junk);
        Arbitrary<List<String>> valid = Arbitraries.just(ApiServerExtension.headers(admin));
        Arbitrary<List<String>> mixed = Combinators.combine(userId.injectNull(0.1), token.injectNull(0.1)).as((id, secret) -> {
            List<String> lines = new ArrayList<>();
            if (id != null) {
                lines.add("X-User-Id: " + id);
            }
            if (secret != null) {
                lines.add("X-Auth-Token: " + secret);
            }
            return lines;
        });
        return Arbitraries.frequencyOf(Tuple.of(6, valid), Tuple.of(4, mixed));
    }

    @Provide
    Arbitrary<String> sorts() {
        Arbitrary<String> keys = Arbitraries.oneOf(
                Arbitraries.of(FIELDS),
                Arbitraries.of("id", "department_id", "TS", "ts ", "$natural", "__proto__", "ts; DROP TABLE inquiries"),
                Arbitraries.strings().ofMaxLength(20),
                Arbitraries.strings().withCharRange('a', 'z').ofMinLength(100).ofMaxLength(300));
        Arbitrary<String> values = Arbitraries.oneOf(
                Arbitraries.of("1", "-1", "1.0", "-1e0", "0", "2", "-2", "1.5", "true", "null", "\"1\"", "\"asc\"", "[]", "{}",
                        "1e308", "-1e-400", "123456789012345678901234567890", "{\"$gt\":1}", "[1,[2,[3]]]"),
                Arbitraries.integers().map(String::valueOf),
                Arbitraries.doubles().map(String::valueOf));
        Arbitrary<String> entry = Combinators.combine(keys, values).as((key, value) -> jsonString(key) + ":" + value);
        Arbitrary<String> objects = entry.list().ofMaxSize(7).map(entries -> "{" + String.join(",", entries) + "}");
        Arbitrary<String> nested = Arbitraries.integers().between(1, 40)
                .map(depth -> "{\"ts\":" + "[".repeat(depth) + "]".repeat(depth) + "}");
        Arbitrary<String> junk = Arbitraries.strings().ofMaxLength(60);
        return Arbitraries.frequencyOf(Tuple.of(6, objects), Tuple.of(1, nested), Tuple.of(3, junk));
    }

    private static Arbitrary<String> departments() {
        return Arbitraries.oneOf(
                Arbitraries.of("dep-a", "Alpha", "dep-b", "Beta", "Gamma", "alpha", "dep-a ", "' OR '1'='1",
                        "Alpha'; DROP TABLE inquiries; --", "%", "_", "\u0000", "Alpha\u0000", "{\"$ne\":null}"),
                Arbitraries.strings().ofMaxLength(80));
    }

    private static Arbitrary<String> numbers() {
        return Arbitraries.oneOf(
                Arbitraries.longs().between(0, 200).map(String::valueOf),
                Arbitraries.longs().map(String::valueOf),
                Arbitraries.bigIntegers().between(java.math.BigInteger.ZERO, java.math.BigInteger.TEN.pow(40)).map(String::valueOf),
                Arbitraries.of("", "1.5", "-0", "1e3", " 1", "0x10", "NaN", "+1", "01", "9223372036854775807",
                        "9223372036854775808", "2147483648"),
                Arbitraries.strings().ofMaxLength(12));
    }

    private static String jsonString(String text) {
        try {
            return JSON.writeValueAsString(text);
        } catch (Exception impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }
}
