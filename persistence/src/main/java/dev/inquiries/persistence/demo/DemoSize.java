package dev.inquiries.persistence.demo;

import java.time.Duration;

/**
 * How much demo data to make, and over how long a time before now the inquiries were queued.
 *
 * @param departments how many departments
 * @param inquiries   how many inquiries in all
 * @param queued      how many of them are queued; the rest are taken, open, ready or verifying
 * @param spread      how far back the inquiries' times go
 */
public record DemoSize(int departments, int inquiries, int queued, Duration spread) {

    /** The spread of the {@code demo} command's data, for benchmarks: a long history, like a desk's. */
    public static final Duration HISTORY = Duration.ofDays(90);

    /**
     * What {@code serve --demo} loads: a queue a person can page through, queued over the last few hours (as a
     * live desk's would be, so that its waits look like waits).
     */
    public static final DemoSize SMALL = new DemoSize(4, 400, 300, Duration.ofHours(4));

    public DemoSize {
        if (departments < 1 || inquiries < 0 || queued < 0 || queued > inquiries) {
            throw new IllegalArgumentException("Demo sizes need at least one department and 0 <= queued <= inquiries");
        }
        if (spread.isNegative() || spread.isZero()) {
            throw new IllegalArgumentException("Demo inquiries need a positive spread in time");
        }
    }

    /** As many, over the {@link #HISTORY} of the {@code demo} command. */
    public DemoSize(int departments, int inquiries, int queued) {
        this(departments, inquiries, queued, HISTORY);
    }
}
