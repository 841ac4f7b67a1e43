package dev.inquiries.domain;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;

/**
 * The rules every list's {@code sort} parameter shares: a JSON object of a list's own fields, each with 1 or
 * -1, applied in the order written; anything else is an {@link InvalidSortException} quoting the raw value.
 */
public final class SortObject {

    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(8)
                    .maxNumberLength(64)
                    .maxStringLength(1024)
                    .build())
            .build();

    private SortObject() {
    }

    /**
     * One key of a parsed sort object.
     *
     * @param field     the list's field
     * @param direction which way
     * @param <F>       the list's fields
     */
    public record Term<F>(F field, SortDirection direction) {
    }

    /**
     * Parses the raw {@code sort} parameter against a list's fields.
     *
     * @param raw    the parameter's value as the client sent it
     * @param fields the field each wire name stands for, empty for a name the list does not sort by
     * @throws InvalidSortException when it is not a JSON object, names a field that is not one of the list's
     *                              or names one twice, or gives a value other than 1 or -1
     */
    public static <F> List<Term<F>> parse(String raw, Function<String, Optional<F>> fields) {
        List<Term<F>> terms = new ArrayList<>();
        Set<F> seen = new HashSet<>();
        try (JsonParser parser = JSON.createParser(raw)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new InvalidSortException(raw);
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                F field = fields.apply(parser.currentName()).orElseThrow(() -> new InvalidSortException(raw));
                if (!seen.add(field)) {
                    throw new InvalidSortException(raw);
                }
                terms.add(new Term<>(field, direction(parser.nextToken(), parser, raw)));
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
        return List.copyOf(terms);
    }

    /**
     * The terms to order by: the given ones up to {@code unique}, or all of them with {@code unique} added in the
     * direction of the last (ascending after none). Nothing after a unique field can matter, and with it last pages
     * never repeat or skip a row.
     */
    public static <F> List<Term<F>> withTieBreaker(List<Term<F>> terms, F unique) {
        List<Term<F>> result = new ArrayList<>();
        for (Term<F> term : terms) {
            result.add(term);
            if (term.field() == unique) {
                return List.copyOf(result);
            }
        }
        result.add(new Term<>(unique, terms.isEmpty() ? SortDirection.ASCENDING : terms.getLast().direction()));
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
}
