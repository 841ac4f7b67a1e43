package dev.inquiries.web.api.json;

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
        int year = time.getYear();
        boolean extended = year < 0 || year > 9999;
        // Written digit by digit into one buffer: this runs for every inquiry of every page.
        char[] text = new char[extended ? 27 : 24];
        int at = 0;
        if (extended) {
            text[at++] = year < 0 ? '-' : '+';
            at = digits(text, at, Math.abs(year), 6);
        } else {
            at = digits(text, at, year, 4);
        }
        text[at++] = '-';
        at = digits(text, at, time.getMonthValue(), 2);
        text[at++] = '-';
        at = digits(text, at, time.getDayOfMonth(), 2);
        text[at++] = 'T';
        at = digits(text, at, time.getHour(), 2);
        text[at++] = ':';
        at = digits(text, at, time.getMinute(), 2);
        text[at++] = ':';
        at = digits(text, at, time.getSecond(), 2);
        text[at++] = '.';
        at = digits(text, at, time.getNano() / 1_000_000, 3);
        text[at] = 'Z';
        return new String(text);
    }

    /** Writes the value with exactly this many digits, zero-padded, and returns the next position. */
    private static int digits(char[] text, int at, int value, int width) {
        int remaining = value;
        for (int i = at + width - 1; i >= at; i--) {
            text[i] = (char) ('0' + remaining % 10);
            remaining /= 10;
        }
        return at + width;
    }
}
