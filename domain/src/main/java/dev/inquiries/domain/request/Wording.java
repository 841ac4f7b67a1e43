package dev.inquiries.domain.request;

import java.util.List;

import dev.inquiries.domain.InvalidParametersException;
import dev.inquiries.domain.Refusal;
import dev.inquiries.domain.RequestRefusal;

/**
 * How an endpoint words what is wrong with a request, as the contract quotes it: in this service's own words, in
 * those of Rocket.Chat's ajv schemas ({@code @rocket.chat/rest-typings}), or in those of its {@code check()}.
 */
public enum Wording {
    /**
     * {@code Unknown parameter "x"; the parameters are a, b and c} (or {@code this endpoint takes no parameters}), as
     * this service's own list endpoints answer.
     */
    LISTED,
    /** ajv's: {@code must NOT have additional properties}, {@code must have required property 'x'}. */
    AJV,
    /** Meteor's {@code check()}: {@code Match error: Unknown key in field x}, without an errorType. */
    MATCH;

    /** The longest part of a client's text a message quotes. */
    private static final int MAX_ECHOED = 64;

    /** The refusal of a name the endpoint does not accept. */
    Refusal unknownName(String name, List<String> names) {
        return switch (this) {
            case LISTED -> new InvalidParametersException(switch (names.size()) {
                case 0 -> "Unknown parameter \"" + shortened(name) + "\"; this endpoint takes no parameters";
                case 1 -> "Unknown parameter; the only parameter is " + names.getFirst();
                default -> "Unknown parameter \"" + shortened(name) + "\"; the parameters are " + enumeration(names);
            });
            case AJV -> new InvalidParametersException("must NOT have additional properties");
            case MATCH -> new Refusal(RequestRefusal.MATCH_ERROR, "Match error: Unknown key in field " + shortened(name));
        };
    }

    /** The refusal of a required name that is missing. */
    Refusal missing(String name) {
        return switch (this) {
            case LISTED, AJV -> new InvalidParametersException("must have required property '" + name + "'");
            case MATCH -> new Refusal(RequestRefusal.MATCH_ERROR, "Match error: Missing key '" + name + "'");
        };
    }

    /** A client's text as a message may quote it: at most {@value #MAX_ECHOED} characters and an ellipsis. */
    static String shortened(String text) {
        return text.length() <= MAX_ECHOED ? text : text.substring(0, MAX_ECHOED) + "...";
    }

    /** {@code a}, {@code a or b}, {@code a, b or c}: the words joined as a sentence lists them. */
    static String enumeration(List<String> words, String last) {
        if (words.size() == 1) {
            return words.getFirst();
        }
        return String.join(", ", words.subList(0, words.size() - 1)) + " " + last + " " + words.getLast();
    }

    private static String enumeration(List<String> words) {
        return enumeration(words, "and");
    }
}
