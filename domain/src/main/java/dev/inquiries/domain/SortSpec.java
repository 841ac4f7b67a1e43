package dev.inquiries.domain;

import java.util.Arrays;
import java.util.List;

/**
 * The order of a list, parsed once from the {@code sort} parameter: a JSON object such as
 * {@code {"name": 1, "ts": -1}} whose keys are listed fields, applied in the order written.
 *
 * <p>Every order ends with {@code _id} as a tie-breaker, in the direction of the last key, so that pages
 * never repeat or skip an inquiry while the data stands still.
 */
public final class SortSpec {

    /** The order when the client gives none: newest first. */
    public static final SortSpec DEFAULT = new SortSpec(List.of(new SortKey(SortField.TS, SortDirection.DESCENDING)));

    /** Oldest first, as a queue is worked: the sort of {@link QueueOrder#TIMESTAMP}, which is its home. */
    public static final SortSpec OLDEST_FIRST = new SortSpec(List.of(new SortKey(SortField.TS, SortDirection.ASCENDING)));

    private final List<SortKey> keys;

    private SortSpec(List<SortKey> keys) {
        this.keys = List.copyOf(keys);
    }

    /** An order of these keys, each field once (the service's own orders: {@link QueueOrder}'s). */
    static SortSpec of(SortKey... keys) {
        if (keys.length == 0 || Arrays.stream(keys).map(SortKey::field).distinct().count() != keys.length) {
            throw new IllegalArgumentException("an order names one field or more, each once");
        }
        return new SortSpec(List.of(keys));
    }

    /**
     * Parses the raw {@code sort} parameter.
     *
     * @param raw the parameter's value as the client sent it
     * @return the order it asks for
     * @throws InvalidSortException when it is not a JSON object, names a field that is not listed, names a
     *                              field twice, or gives a value other than 1 or -1
     */
    public static SortSpec parse(String raw) {
        return new SortSpec(SortObject.parse(raw, SortField::fromWireName).stream()
                .map(term -> new SortKey(term.field(), term.direction()))
                .toList());
    }

    /**
     * The keys to order by: the client's, then {@code _id} in the direction of the last key, unless
     * {@code _id} is already among them (it is unique, so nothing after it can matter).
     */
    public List<SortKey> keysWithTieBreaker() {
        List<SortObject.Term<SortField>> terms = keys.stream()
                .map(key -> new SortObject.Term<>(key.field(), key.direction()))
                .toList();
        return SortObject.withTieBreaker(terms, SortField.ID).stream()
                .map(term -> new SortKey(term.field(), term.direction()))
                .toList();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SortSpec that && keys.equals(that.keys);
    }

    @Override
    public int hashCode() {
        return keys.hashCode();
    }

    @Override
    public String toString() {
        return "SortSpec" + keys;
    }
}
