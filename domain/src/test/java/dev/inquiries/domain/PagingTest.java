package dev.inquiries.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PagingTest {

    /** Rocket.Chat's paging: 50 by default, at most 100, no unlimited lists. */
    private static final Paging PAGING = new Paging(50, 100, false);

    @Test
    void startsAtZeroWithTheDefaultCount() {
        assertThat(PAGING.page(Optional.empty(), Optional.empty())).isEqualTo(new Page(0, OptionalLong.of(50)));
    }

    @Test
    void takesTheOffsetAndCountGiven() {
        assertThat(PAGING.page(Optional.of("30"), Optional.of("25"))).isEqualTo(new Page(30, OptionalLong.of(25)));
    }

    @Test
    void clampsACountAboveTheUpperLimit() {
        assertThat(PAGING.page(Optional.empty(), Optional.of("101")).limit()).hasValue(100);
        assertThat(PAGING.page(Optional.empty(), Optional.of("100")).limit()).hasValue(100);
        assertThat(PAGING.page(Optional.empty(), Optional.of("99999999999999999999999999")).limit()).hasValue(100);
    }

    @Test
    void readsCountZeroAsTheDefaultUnlessUnlimitedListsAreOn() {
        assertThat(PAGING.page(Optional.empty(), Optional.of("0")).limit()).hasValue(50);
        assertThat(new Paging(50, 100, true).page(Optional.empty(), Optional.of("0")).limit()).isEmpty();
        assertThat(new Paging(50, 100, true).page(Optional.empty(), Optional.of("000")).limit()).isEmpty();
    }

    @Test
    void followsTheConfiguredNumbers() {
        Paging paging = new Paging(10, 20, false);

        assertThat(paging.page(Optional.empty(), Optional.empty()).limit()).hasValue(10);
        assertThat(paging.page(Optional.empty(), Optional.of("21")).limit()).hasValue(20);
        assertThat(paging.page(Optional.empty(), Optional.of("0")).limit()).hasValue(10);
    }

    @Test
    void acceptsOffsetsUpToWhatPostgresCanSkip() {
        assertThat(PAGING.page(Optional.of("9223372036854775807"), Optional.empty()).offset())
                .isEqualTo(Long.MAX_VALUE);
        assertThat(PAGING.page(Optional.of("2147483648"), Optional.empty()).offset()).isEqualTo(2147483648L);
        assertThatThrownBy(() -> PAGING.page(Optional.of("9223372036854775808"), Optional.empty()))
                .isInstanceOf(InvalidParametersException.class)
                .hasMessage("The parameter \"offset\" must be at most 9223372036854775807");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "1.5", "1e2", "abc", " 1", "1 ", "+1", "0x10", "½", "١", "1,000", "-0", "NaN"})
    void refusesAnythingButANonNegativeInteger(String raw) {
        assertThatThrownBy(() -> PAGING.page(Optional.of(raw), Optional.empty()))
                .isInstanceOf(InvalidParametersException.class)
                .hasMessage("The parameter \"offset\" must be a non-negative integer");
        assertThatThrownBy(() -> PAGING.page(Optional.empty(), Optional.of(raw)))
                .isInstanceOf(InvalidParametersException.class)
                .hasMessage("The parameter \"count\" must be a non-negative integer");
    }

    @Test
    void refusesInconsistentSettings() {
        assertThatThrownBy(() -> new Paging(0, 100, false)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Paging(101, 100, false)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Paging(1, 0, false)).isInstanceOf(IllegalArgumentException.class);
    }
}
