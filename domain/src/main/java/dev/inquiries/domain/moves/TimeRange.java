package dev.inquiries.domain.moves;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.inquiries.domain.InvalidParametersException;

/**
 * A span of time as {@code livechat/rooms} takes one ({@code createdAt}, {@code closedAt}): the JSON object
 * {@code {"start"?, "end"?}} of ISO-8601 instants or dates (a date is its first moment in UTC), both bounds included,
 * as Rocket.Chat's {@code $gte}/{@code $lte}.
 *
 * @param start the earliest moment, if bounded
 * @param end   the latest moment, if bounded
 */
public record TimeRange(Optional<Instant> start, Optional<Instant> end) {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /**
     * Parses the parameter's value.
     *
     * @throws InvalidParametersException when it is not such an object
     */
    public static TimeRange parse(String name, String raw) {
        JsonNode json;
        try (JsonParser parser = JSON.createParser(raw)) {
            json = JSON.readTree(parser);
        } catch (IOException malformed) {
            throw refusal(name);
        }
        if (json == null || !json.isObject()) {
            throw refusal(name);
        }
        for (Iterator<String> keys = json.fieldNames(); keys.hasNext();) {
            String key = keys.next();
            if (!key.equals("start") && !key.equals("end")) {
                throw refusal(name);
            }
        }
        return new TimeRange(moment(name, json.get("start")), moment(name, json.get("end")));
    }

    private static Optional<Instant> moment(String name, JsonNode value) {
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw refusal(name);
        }
        String text = value.textValue();
        try {
            return Optional.of(Instant.parse(text));
        } catch (DateTimeParseException notAnInstant) {
            try {
                return Optional.of(LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant());
            } catch (DateTimeParseException notADate) {
                throw refusal(name);
            }
        }
    }

    private static InvalidParametersException refusal(String name) {
        return new InvalidParametersException("The parameter \"" + name
                + "\" must be a JSON object {\"start\",\"end\"} of ISO-8601 dates");
    }
}
