package dev.inquiries.domain;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.inquiries.domain.request.QueryShape;
import dev.inquiries.domain.request.Wording;

/**
 * A request for the grants of permissions, parsed from the query of {@code GET /api/v1/permissions.listAll}
 * (Rocket.Chat's {@code isPermissionsListAll}: one optional {@code updatedSince}, ajv's wording for any other name).
 *
 * @param updatedSince the moment the client's copy is from, when it gave one
 */
public record PermissionsListRequest(Optional<Instant> updatedSince) {

    private static final QueryShape QUERY = QueryShape.of(Wording.AJV, "updatedSince");

    /**
     * ECMAScript's date time string format ({@code toISOString} writes it): a year, then optionally month, day, a
     * time to the minute, second or fraction, and an offset. Groups: year, month, day, hour, minute, second, fraction,
     * offset.
     */
    private static final Pattern ISO = Pattern.compile("([+-]\\d{6}|\\d{4})(?:-(\\d{2})(?:-(\\d{2}))?)?"
            + "(?:T(\\d{2}):(\\d{2})(?::(\\d{2})(?:\\.(\\d{1,9}))?)?)?(Z|[+-]\\d{2}:\\d{2})?");

    /** What Rocket.Chat answers when {@code Date.parse} finds no date in {@code updatedSince}. */
    static final String NOT_A_DATE = "The \"updatedSince\" query parameter must be a valid date.";

    /**
     * Parses the query parameters. An empty {@code updatedSince} is none, as Rocket.Chat reads it.
     *
     * @throws InvalidParametersException for another name, or {@code updatedSince} given twice
     * @throws Refusal                    with {@link RequestRefusal#INVALID_DATE} when {@code updatedSince} is not an
     *                                    ISO-8601 date or date-time (ECMAScript's form) nor an RFC 1123 date
     */
    public static PermissionsListRequest parse(Map<String, List<String>> parameters) {
        return new PermissionsListRequest(QUERY.check(parameters).value("updatedSince")
                .map(raw -> date(raw).orElseThrow(() -> new Refusal(RequestRefusal.INVALID_DATE, NOT_A_DATE))));
    }

    /** The moment the text names, as JavaScript's {@code Date.parse} reads its standard forms; a time without offset is UTC. */
    static Optional<Instant> date(String text) {
        Matcher iso = ISO.matcher(text);
        try {
            if (iso.matches()) {
                return Optional.of(isoDate(iso));
            }
            return Optional.of(ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
        } catch (DateTimeException | ArithmeticException notADate) {
            return Optional.empty();
        }
    }

    private static Instant isoDate(Matcher iso) {
        if (iso.group(4) == null && iso.group(8) != null) {
            throw new DateTimeParseException("an offset needs a time", iso.group(), 0);
        }
        LocalDate date = LocalDate.of(Integer.parseInt(iso.group(1)), number(iso.group(2), 1), number(iso.group(3), 1));
        LocalTime time = LocalTime.MIDNIGHT;
        if (iso.group(4) != null) {
            String fraction = iso.group(7) == null ? "0" : (iso.group(7) + "00000000").substring(0, 9);
            time = LocalTime.of(Integer.parseInt(iso.group(4)), Integer.parseInt(iso.group(5)), number(iso.group(6), 0),
                    Integer.parseInt(fraction));
        }
        ZoneOffset offset = iso.group(8) == null || iso.group(8).equals("Z") ? ZoneOffset.UTC : ZoneOffset.of(iso.group(8));
        return LocalDateTime.of(date, time).toInstant(offset);
    }

    private static int number(String digits, int absent) {
        return digits == null ? absent : Integer.parseInt(digits);
    }
}
