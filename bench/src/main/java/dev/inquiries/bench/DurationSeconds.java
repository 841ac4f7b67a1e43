package dev.inquiries.bench;

import java.time.Duration;

/** Prints an ISO-8601 duration ({@code PT1M}) in whole seconds, rounded up, for {@code bench/flood.sh}. */
public final class DurationSeconds {

    private DurationSeconds() {
    }

    public static void main(String[] args) {
        Duration duration = Duration.parse(args[0]);
        System.out.println((duration.toMillis() + 999) / 1000);
    }
}
