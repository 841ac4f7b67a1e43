package dev.inquiries.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class PermissionsListRequestTest {

    @Test
    void readsNoDateFromNoneOrAnEmptyOne() {
        assertThat(PermissionsListRequest.parse(Map.of()).updatedSince()).isEmpty();
        assertThat(PermissionsListRequest.parse(Map.of("updatedSince", List.of(""))).updatedSince()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
            "2017-11-25T15:08:17.248Z, 2017-11-25T15:08:17.248Z",
            "2017-11-25T15:08:17Z, 2017-11-25T15:08:17Z",
            "2017-11-25T15:08Z, 2017-11-25T15:08:00Z",
            "2017-11-25T16:08:17.248+01:00, 2017-11-25T15:08:17.248Z",
            "2017-11-25T15:08:17, 2017-11-25T15:08:17Z",
            "2017-11-25, 2017-11-25T00:00:00Z",
            "2017-11, 2017-11-01T00:00:00Z",
            "2017, 2017-01-01T00:00:00Z",
            "+002017-11-25T15:08:17.248Z, 2017-11-25T15:08:17.248Z",
            "'Sat, 25 Nov 2017 15:08:17 GMT', 2017-11-25T15:08:17Z"})
    void readsTheFormsJavaScriptWritesAndParses(String given, String instant) {
        assertThat(PermissionsListRequest.parse(Map.of("updatedSince", List.of(given))).updatedSince())
                .contains(Instant.parse(instant));
    }

    @ParameterizedTest
    @ValueSource(strings = {"yesterday", "2017-13-01", "2017-02-30", "2017-11-25T25:00Z", "2017-11-25Z", "17-11-25",
            "2017-11-25T15:08:17.248Zjunk"})
    void refusesWhatIsNoDateInRocketChatsWords(String given) {
        assertThatThrownBy(() -> PermissionsListRequest.parse(Map.of("updatedSince", List.of(given))))
                .isInstanceOfSatisfying(Refusal.class, refusal -> {
                    assertThat(refusal.reason()).isEqualTo(RequestRefusal.INVALID_DATE);
                    assertThat(refusal.error()).isEqualTo(
                            "The \"updatedSince\" query parameter must be a valid date. [error-roomId-param-invalid]");
                });
    }

    @Test
    void refusesAnotherNameInAjvsWords() {
        assertThatThrownBy(() -> PermissionsListRequest.parse(Map.of("since", List.of("2017"))))
                .isInstanceOfSatisfying(InvalidParametersException.class, refusal -> assertThat(refusal.error())
                        .isEqualTo("must NOT have additional properties [invalid-params]"));
    }
}
