package dev.inquiries.web.api.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IsoTimestampsTest {

    @ParameterizedTest
    @CsvSource({
            "2019-06-11T19:01:57.424Z, 2019-06-11T19:01:57.424Z",
            "2019-06-11T19:01:57Z, 2019-06-11T19:01:57.000Z",
            "2019-06-11T19:01:57.4Z, 2019-06-11T19:01:57.400Z",
            "2020-01-01T00:00:00.123999Z, 2020-01-01T00:00:00.123Z",
            "1969-12-31T23:59:59.999999Z, 1969-12-31T23:59:59.999Z",
            "0001-01-01T00:00:00Z, 0001-01-01T00:00:00.000Z",
            "9999-12-31T23:59:59.999Z, 9999-12-31T23:59:59.999Z",
            "+10000-01-01T00:00:00Z, +010000-01-01T00:00:00.000Z",
            "-0001-01-01T00:00:00Z, -000001-01-01T00:00:00.000Z"})
    void writesWhatJavaScriptsToIsoStringWrites(String instant, String expected) {
        assertThat(IsoTimestamps.format(Instant.parse(instant))).isEqualTo(expected);
    }

    @Test
    void agreesWithJavasOwnFormatTruncatedToMillisecondsForOrdinaryYears() {
        long seed = Long.getLong("timestamps.seed", System.nanoTime());
        Random random = new Random(seed);
        for (int i = 0; i < 10_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong(0, 253_402_300_799L), random.nextInt(1_000_000_000));
            String expected = instant.truncatedTo(ChronoUnit.MILLIS).toString();
            String withMillis = expected.length() == 20 ? expected.replace("Z", ".000Z") : expected;

            assertThat(IsoTimestamps.format(instant)).as("%s (repeat with -Dtimestamps.seed=%d)", instant, seed)
                    .isEqualTo(withMillis);
        }
    }
}
