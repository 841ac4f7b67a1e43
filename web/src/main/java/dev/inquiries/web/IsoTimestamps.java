package dev.inquiries.web;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Timestamps as JavaScript's {@code Date.prototype.toISOString} writes them, which is what Rocket.Chat
 * clients parse: UTC, milliseconds always written, a {@code Z}; {@code 2019-06-11T19:01:57.424Z}. Years
 * outside 0000-9999 take a sign and six digits, as JavaScript's extended years do.
 */
final class IsoTimestamps {

    private IsoTimestamps() {
    }

    static String format(Instant instant) {
        LocalDateTime time = LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
        StringBuilder text = new StringBuilder(27);
        int year = time.getYear();
        if (year >= 0 && year <= 9999) {
            pad(text, year, 4);
        } else {
            text.append(year < 0 ? '-' : '+');
            pad(text, Math.abs(year), 6);
        }
        text.append('-');
        pad(text, time.getMonthValue(), 2);
        text.append('-');
        pad(text, time.getDayOfMonth(), 2);
        text.append('T');
        pad(text, time.getHour(), 2);
        text.append(':');
        pad(text, time.getMinute(), 2);
        text.append(':');
        pad(text, time.getSecond(), 2);
        text.append('.');
        pad(text, time.getNano() / 1_000_000, 3);
        return text.append('Z').toString();
    }

    private static void pad(StringBuilder text, int value, int width) {
        String digits = Integer.toString(value);
        text.repeat('0', Math.max(0, width - digits.length())).append(digits);
    }
}
