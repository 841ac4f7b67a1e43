package dev.inquiries.domain;

import java.util.OptionalLong;

/**
 * Which slice of the matching inquiries to return.
 *
 * @param offset how many to skip, never negative
 * @param limit  how many at most, or empty for all of them (only when unlimited lists are switched on)
 */
public record Page(long offset, OptionalLong limit) {

    public Page {
        if (offset < 0) {
            throw new IllegalArgumentException("offset must not be negative: " + offset);
        }
        if (limit.isPresent() && limit.getAsLong() < 0) {
            throw new IllegalArgumentException("limit must not be negative: " + limit.getAsLong());
        }
    }
}
