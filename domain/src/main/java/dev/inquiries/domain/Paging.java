package dev.inquiries.domain;

import java.math.BigInteger;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * The configured paging rules, as Rocket.Chat's settings {@code API_Default_Count},
 * {@code API_Upper_Count_Limit} and {@code API_Allow_Infinite_Count} define them, and the parsing of
 * {@code offset} and {@code count} under those rules.
 *
 * @param defaultCount      the count when none is given (or 0 is given and unlimited lists are off)
 * @param upperCountLimit   the largest count served; larger ones are clamped to it
 * @param allowInfiniteCount whether {@code count=0} means "all of them"
 */
public record Paging(int defaultCount, int upperCountLimit, boolean allowInfiniteCount) {

    private static final Pattern DIGITS = Pattern.compile("[0-9]+");
    private static final BigInteger MAX_OFFSET = BigInteger.valueOf(Long.MAX_VALUE);

    public Paging {
        if (upperCountLimit < 1) {
            throw new IllegalArgumentException("the upper count limit must be at least 1, not " + upperCountLimit);
        }
        if (defaultCount < 1 || defaultCount > upperCountLimit) {
            throw new IllegalArgumentException("the default count must be between 1 and the upper count limit ("
                    + upperCountLimit + "), not " + defaultCount);
        }
    }

    /**
     * The page that {@code offset} and {@code count} ask for.
     *
     * @param offset the raw {@code offset} parameter, empty when absent or empty
     * @param count  the raw {@code count} parameter, empty when absent or empty
     * @throws InvalidParametersException when either is not a non-negative integer, or the offset is
     *                                    beyond what PostgreSQL can skip (2^63 - 1)
     */
    public Page page(Optional<String> offset, Optional<String> count) {
        long parsedOffset = offset.map(raw -> {
            BigInteger value = nonNegativeInteger("offset", raw);
            if (value.compareTo(MAX_OFFSET) > 0) {
                throw new InvalidParametersException(
                        "The parameter \"offset\" must be at most " + Long.MAX_VALUE);
            }
            return value.longValueExact();
        }).orElse(0L);
        return new Page(parsedOffset, limit(count.map(raw -> nonNegativeInteger("count", raw))));
    }

    private OptionalLong limit(Optional<BigInteger> count) {
        if (count.isEmpty()) {
            return OptionalLong.of(defaultCount);
        }
        BigInteger requested = count.get();
        if (requested.signum() == 0) {
            return allowInfiniteCount ? OptionalLong.empty() : OptionalLong.of(defaultCount);
        }
        return OptionalLong.of(requested.min(BigInteger.valueOf(upperCountLimit)).longValueExact());
    }

    private static BigInteger nonNegativeInteger(String name, String raw) {
        if (!DIGITS.matcher(raw).matches()) {
            throw new InvalidParametersException(
                    "The parameter \"" + name + "\" must be a non-negative integer");
        }
        return new BigInteger(raw);
    }
}
