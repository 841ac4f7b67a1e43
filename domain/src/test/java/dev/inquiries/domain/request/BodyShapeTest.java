package dev.inquiries.domain.request;

import static dev.inquiries.domain.request.BodyShape.optional;
import static dev.inquiries.domain.request.BodyShape.required;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.inquiries.domain.InvalidParametersException;
import dev.inquiries.domain.request.BodyShape.Type;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BodyShapeTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final BodyShape SHAPE = BodyShape.of(
            required("id", Type.STRING),
            optional("name", Type.NON_EMPTY_STRING),
            optional("mode", Type.oneOf(List.of("on", "off"))));

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"id\":\"1\",\"other\":1,\"x\":2}         | must NOT have additional properties",
        "{\"name\":5,\"other\":1}                   | must NOT have additional properties",
        "{\"name\":5}                               | must have required property 'id'",
        "{\"id\":5,\"name\":5}                      | id must be string",
        "{\"id\":null}                              | id must be string",
        "{\"id\":\"\",\"name\":\"\"}                | name must be a non-empty string",
        "{\"id\":\"\",\"mode\":true}                | mode must be a non-empty string",
        "{\"id\":\"\",\"mode\":\"maybe\"}           | mode must be on or off",
        "{\"mode\":\"maybe\",\"id\":\"\",\"name\":1} | name must be a non-empty string"})
    void refusesTheFirstMisfitInAjvsOrder(String body, String message) throws Exception {
        assertThatThrownBy(() -> SHAPE.check((ObjectNode) JSON.readTree(body)))
                .isInstanceOf(InvalidParametersException.class)
                .hasMessage(message);
    }

    @Test
    void readsTheCheckedValues() throws Exception {
        Body body = SHAPE.check((ObjectNode) JSON.readTree("{\"mode\":\"on\",\"id\":\"\"}"));

        assertThat(body.text("id")).isEmpty();
        assertThat(body.optionalText("mode")).contains("on");
        assertThat(body.optionalText("name")).isEmpty();
        assertThatThrownBy(() -> body.optionalText("other")).isInstanceOf(IllegalArgumentException.class);
    }

    private static final BodyShape NESTED = BodyShape.of(required("visitor", Type.object(BodyShape.of(
            required("token", Type.STRING), optional("name", Type.NULLABLE_STRING)))));

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"visitor\":{\"token\":\"t\"},\"x\":1}      | must NOT have additional properties",
        "{}                                     | must have required property 'visitor'",
        "{\"visitor\":\"t\"}                    | visitor must be object",
        "{\"visitor\":null}                     | visitor must be object",
        "{\"visitor\":{\"token\":\"t\",\"x\":1}}      | visitor must NOT have additional properties",
        "{\"visitor\":{\"name\":\"n\"}}           | visitor must have required property 'token'",
        "{\"visitor\":{\"token\":\"t\",\"name\":1}}   | visitor.name must be string"})
    void namesThePropertyAnObjectsOwnMisfitIsIn(String body, String message) throws Exception {
        assertThatThrownBy(() -> NESTED.check((ObjectNode) JSON.readTree(body)))
                .isInstanceOf(InvalidParametersException.class)
                .hasMessage(message);
    }

    @Test
    void letsAnIncludingObjectHaveOtherPropertiesItDoesNotRead() throws Exception {
        BodyShape including = BodyShape.of(required("visitor", Type.object(BodyShape.including(required("token", Type.STRING)))));

        Body visitor = including.check((ObjectNode) JSON.readTree("{\"visitor\":{\"token\":\"t\",\"id\":5}}")).object("visitor");

        assertThat(visitor.text("token")).isEqualTo("t");
        assertThatThrownBy(() -> visitor.optionalText("id")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> including.check((ObjectNode) JSON.readTree("{\"visitor\":{\"id\":5}}")))
                .hasMessage("visitor must have required property 'token'");
    }

    @Test
    void readsAnObjectsValuesWithNullAsAbsent() throws Exception {
        Body visitor = NESTED.check((ObjectNode) JSON.readTree("{\"visitor\":{\"token\":\"t\",\"name\":null}}"))
                .object("visitor");

        assertThat(visitor.text("token")).isEqualTo("t");
        assertThat(visitor.optionalText("name")).isEmpty();
        assertThatThrownBy(() -> SHAPE.check((ObjectNode) JSON.readTree("{\"id\":\"1\"}")).object("id"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
