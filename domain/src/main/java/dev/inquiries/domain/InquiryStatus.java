package dev.inquiries.domain;

import java.util.Locale;

/**
 * Where an inquiry stands. The list endpoint shows {@link #QUEUED} only; the others exist so that rows
 * written by Rocket.Chat-style tooling (or by SQL) carry a known meaning.
 */
public enum InquiryStatus implements WireNamed {
    VERIFYING,
    QUEUED,
    TAKEN,
    READY,
    OPEN,
    /** The chat ended (closed by the visitor, a user or the system); it is in no queue and never opens again. */
    CLOSED;

    private final String wireName = name().toLowerCase(Locale.ROOT);

    /** The status as stored in the database and sent on the wire, e.g. {@code queued}. */
    @Override
    public String wireName() {
        return wireName;
    }

    /**
     * The status with this wire name.
     *
     * @throws IllegalArgumentException when no status has that name
     */
    public static InquiryStatus fromWireName(String wireName) {
        return WireNamed.lookup(InquiryStatus.class, wireName)
                .orElseThrow(() -> new IllegalArgumentException("Unknown inquiry status: " + wireName));
    }
}
