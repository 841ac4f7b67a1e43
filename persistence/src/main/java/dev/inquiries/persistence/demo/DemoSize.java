package dev.inquiries.persistence.demo;

/**
 * How much demo data to make.
 *
 * @param departments how many departments
 * @param inquiries   how many inquiries in all
 * @param queued      how many of them are queued; the rest are taken, open, ready or verifying
 */
public record DemoSize(int departments, int inquiries, int queued) {

    /** What {@code serve --demo} loads: a queue a person can page through. */
    public static final DemoSize SMALL = new DemoSize(4, 400, 300);

    public DemoSize {
        if (departments < 1 || inquiries < 0 || queued < 0 || queued > inquiries) {
            throw new IllegalArgumentException("Demo sizes need at least one department and 0 <= queued <= inquiries");
        }
    }
}
