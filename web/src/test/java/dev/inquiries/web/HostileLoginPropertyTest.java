package dev.inquiries.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.inquiries.domain.Roles;
import dev.inquiries.domain.login.LoginPolicy;
import dev.inquiries.persistence.UserRepository;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Generated login bodies, hostile and ordinary: JSON of every shape with the login's keys and others, values of
 * every type, broken text. Every answer is a 200 for the one right password, or a 400 {@code invalid-params} or
 * the one 401 body; never a 500, never text the client sent back. {@code -Pfuzz} runs 10,000 cases.
 */
class HostileLoginPropertyTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "correct horse";

    // Never block: every generated case is judged on its own.
    private static final ApiServerExtension API = ApiServerExtension.onTestDatabase().signIn(new Settings.SignInSettings(
            new LoginPolicy(0, Duration.ofMinutes(5), 0, Duration.ofMinutes(5), Duration.ofMinutes(5)), false));
    private static RawHttp http;

    @BeforeContainer
    static void start() throws Exception {
        API.start();
        http = API.http();
        new UserRepository(API.database()).add("ana", PASSWORD, List.of(Roles.USER), "ana@example.com");
    }

    @AfterContainer
    static void stop() throws Exception {
        API.close();
    }

    @Property
    void answersEveryBodyWithTheContractsStatusesAndBodies(@ForAll("bodies") String body) throws Exception {
        RawHttp.Response response = http.postJson(SignInTest.LOGIN, List.of(), body);

        assertThat(response.status()).as(body).isIn(200, 400, 401);
        assertThat(response.header("Content-Type")).isEqualTo("application/json");
        JsonNode json = JSON.readTree(response.body());
        switch (response.status()) {
            case 200 -> assertThat(json.at("/data/authToken").asText()).hasSize(43);
            case 401 -> assertThat(response.body()).isEqualTo(SignInTest.LOGIN_FAILED);
            default -> {
                assertThat(json.get("errorType").asText()).isEqualTo("invalid-params");
                assertThat(Set.of(json.get("error").asText())).allMatch(error -> error.endsWith(" [invalid-params]")
                        && (error.startsWith("The body must be") || error.contains(" must be ")));
            }
        }
    }

    @Provide
    Arbitrary<String> bodies() {
        Arbitrary<String> keys = Arbitraries.oneOf(Arbitraries.of("user", "username", "email", "password", "resume", "hashed"),
                Arbitraries.strings().ofMaxLength(6));
        Arbitrary<String> texts = Arbitraries.oneOf(Arbitraries.of("ana", "ANA@example.com", PASSWORD, "", "\\u0000", "@",
                "ana\\\"", "\\ud800"), Arbitraries.strings().ofMaxLength(12).map(HostileLoginPropertyTest::quoted));
        Arbitrary<String> values = Arbitraries.recursive(
                () -> Arbitraries.oneOf(texts.map(text -> text.startsWith("\"") ? text : "\"" + text + "\""),
                        Arbitraries.of("1", "-0.5", "1e999", "true", "null", "[]", "{}")),
                inner -> Arbitraries.oneOf(
                        inner.list().ofMaxSize(3).map(items -> "[" + String.join(",", items) + "]"),
                        keys.flatMap(key -> inner.map(value -> "{\"" + key + "\":" + value + "}"))),
                2);
        Arbitrary<String> objects = keys.flatMap(key -> values.map(value -> "\"" + key + "\":" + value))
                .list().ofMaxSize(4).map(members -> "{" + String.join(",", members) + "}");
        Arbitrary<String> wellFormed = Arbitraries.of("{\"user\":\"ana\",\"password\":\"" + PASSWORD + "\"}",
                "{\"email\":\"ANA@example.com\",\"password\":\"" + PASSWORD + "\"}");
        Arbitrary<String> broken = Arbitraries.strings().ofMaxLength(40);
        return Arbitraries.frequencyOf(
                Tuple.of(6, objects), Tuple.of(1, wellFormed), Tuple.of(2, broken),
                Tuple.of(1, objects.map(object -> object.substring(0, object.length() / 2))));
    }

    private static String quoted(String text) {
        try {
            return JSON.writeValueAsString(text);
        } catch (JsonProcessingException impossible) {
            throw new AssertionError(impossible);
        }
    }
}
