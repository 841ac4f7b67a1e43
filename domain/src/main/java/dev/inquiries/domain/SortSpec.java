package dev.inquiries.domain;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;

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

    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(8)
                    .maxNumberLength(64)
                    .maxStringLength(1024)
                    .build())
            .build();

    private final List<SortKey> keys;

    private SortSpec(List<SortKey> keys) {
        this.keys = List.copyOf(keys);
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
        List<SortKey> keys = new ArrayList<>();
        Set<SortField> seen = EnumSet.noneOf(SortField.class);
        try (JsonParser parser = JSON.createParser(raw)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new InvalidSortException(raw);
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                SortField field = SortField.fromWireName(parser.currentName())
                        .orElseThrow(() -> new InvalidSortException(raw));
                if (!seen.add(field)) {
                    throw new InvalidSortException(raw);
                }
                keys.add(new SortKey(field, direction(parser.nextToken(), parser, raw)));
            }
            if (parser.currentToken() != JsonToken.END_OBJECT || parser.nextToken() != null) {
                throw new InvalidSortException(raw);
            }
        } catch (IOException | RuntimeException malformed) {
            if (malformed instanceof InvalidSortException invalid) {
                throw invalid;
            }
            throw new InvalidSortException(raw);
        }
        return new SortSpec(keys);
    }

    /**
     * The keys to order by: the client's, then {@code _id} in the direction of the last key, unless
     * {@code _id} is already among them (it is unique, so nothing after it can matter).
     */
    public List<SortKey> keysWithTieBreaker() {
        List<SortKey> result = new ArrayList<>();
        for (SortKey key : keys) {
            result.add(key);
            if (key.field() == SortField.ID) {
                return List.copyOf(result);
            }
        }
        SortDirection last = keys.isEmpty() ? SortDirection.ASCENDING : keys.getLast().direction();
        result.add(new SortKey(SortField.ID, last));
        return List.copyOf(result);
    }

    private static SortDirection direction(JsonToken token, JsonParser parser, String raw) throws IOException {
        if (token != JsonToken.VALUE_NUMBER_INT && token != JsonToken.VALUE_NUMBER_FLOAT) {
            throw new InvalidSortException(raw);
        }
        // JSON.parse in Rocket.Chat reads 1, 1.0 and 1e0 alike; so does this.
        BigDecimal value = parser.getDecimalValue();
        if (value.compareTo(BigDecimal.ONE) == 0) {
            return SortDirection.ASCENDING;
        }
        if (value.compareTo(BigDecimal.ONE.negate()) == 0) {
            return SortDirection.DESCENDING;
        }
        throw new InvalidSortException(raw);
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
