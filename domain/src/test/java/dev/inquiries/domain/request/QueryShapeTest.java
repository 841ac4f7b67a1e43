package dev.inquiries.domain.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.inquiries.domain.Refusal;
import dev.inquiries.domain.RequestRefusal;
import org.junit.jupiter.api.Test;

class QueryShapeTest {

    private static final QueryShape LISTED = QueryShape.of(Wording.LISTED, "a", "b", "c");
    private static final QueryShape AJV = QueryShape.of(Wording.AJV, "roomId");
    private static final QueryShape MATCH = QueryShape.of(Wording.MATCH, "token", "rid");

    @Test
    void listsTheAcceptedNamesInTheirOwnWords() {
        assertThat(LISTED.names()).containsExactly("a", "b", "c");
        assertRefused(LISTED, Map.of("d", List.of("1")), RequestRefusal.INVALID_PARAMS,
                "Unknown parameter \"d\"; the parameters are a, b and c [invalid-params]");
        assertRefused(QueryShape.of(Wording.LISTED, "only"), Map.of("d", List.of("1")), RequestRefusal.INVALID_PARAMS,
                "Unknown parameter; the only parameter is only [invalid-params]");
        assertRefused(QueryShape.of(Wording.LISTED), Map.of("d", List.of("1")), RequestRefusal.INVALID_PARAMS,
                "Unknown parameter \"d\"; this endpoint takes no parameters [invalid-params]");
    }

    @Test
    void refusesAnUnknownNameInAjvsAndInMatchsWords() {
        assertRefused(AJV, Map.of("rid", List.of("1")), RequestRefusal.INVALID_PARAMS,
                "must NOT have additional properties [invalid-params]");
        assertRefused(MATCH, Map.of("agent", List.of("1")), RequestRefusal.MATCH_ERROR,
                "Match error: Unknown key in field agent");
        assertThat(RequestRefusal.MATCH_ERROR.errorType()).isEmpty();
    }

    @Test
    void refusesAMissingRequiredNameInTheShapesWords() {
        assertRefused(AJV, Map.of(), RequestRefusal.INVALID_PARAMS, "must have required property 'roomId' [invalid-params]");
        assertRefused(AJV, Map.of("roomId", List.of("")), RequestRefusal.INVALID_PARAMS,
                "must have required property 'roomId' [invalid-params]");
        assertThatThrownBy(() -> MATCH.check(Map.of("rid", List.of("r"))).required("token"))
                .isInstanceOfSatisfying(Refusal.class, refused -> assertThat(refused.error())
                        .isEqualTo("Match error: Missing key 'token'"));
    }

    @Test
    void checksParametersInTheOrderGiven() {
        Map<String, List<String>> repeatedFirst = new LinkedHashMap<>();
        repeatedFirst.put("a", List.of("1", "2"));
        repeatedFirst.put("z", List.of("1"));
        Map<String, List<String>> unknownFirst = new LinkedHashMap<>();
        unknownFirst.put("z", List.of("1"));
        unknownFirst.put("a", List.of("1", "2"));

        assertRefused(LISTED, repeatedFirst, RequestRefusal.INVALID_PARAMS,
                "The parameter \"a\" must be given at most once [invalid-params]");
        assertRefused(LISTED, unknownFirst, RequestRefusal.INVALID_PARAMS,
                "Unknown parameter \"z\"; the parameters are a, b and c [invalid-params]");
    }

    @Test
    void readsValuesFlagsAndChoicesWithAnEmptyValueAsAbsent() {
        Query query = LISTED.check(Map.of("a", List.of(""), "b", List.of("true"), "c", List.of("two")));

        assertThat(query.value("a")).isEmpty();
        assertThat(query.flag("a")).isFalse();
        assertThat(query.flag("b")).isTrue();
        assertThat(query.choice("c", raw -> raw.equals("two") ? Optional.of(2) : Optional.empty(), List.of("one", "two")))
                .contains(2);
        assertThatThrownBy(() -> query.flag("c")).hasMessage("The parameter \"c\" must be true or false");
        assertThatThrownBy(() -> query.choice("b", raw -> Optional.empty(), List.of("one", "two", "three")))
                .hasMessage("The parameter \"b\" must be one, two or three, not \"true\"");
        assertThatThrownBy(() -> query.value("d")).isInstanceOf(IllegalArgumentException.class);
    }

    private static void assertRefused(QueryShape shape, Map<String, List<String>> parameters, RequestRefusal reason,
                                      String error) {
        assertThatThrownBy(() -> shape.check(parameters).required(shape.names().getFirst()))
                .isInstanceOfSatisfying(Refusal.class, refused -> {
                    assertThat(refused.reason()).isEqualTo(reason);
                    assertThat(refused.error()).isEqualTo(error);
                });
    }
}
