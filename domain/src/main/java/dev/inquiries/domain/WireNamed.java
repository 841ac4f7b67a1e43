package dev.inquiries.domain;

import java.util.Optional;

/**
 * A constant that a text on the wire names: a sort key, a status, a value of a query parameter or of a setting.
 * The lookup by that text is written here once; each enum keeps its own {@code fromWireName} for its callers.
 */
public interface WireNamed {

    /** The text that names this constant on the wire. */
    String wireName();

    /** The constant of the enum that the text names, if one does; the text must match exactly, case included. */
    static <E extends Enum<E> & WireNamed> Optional<E> lookup(Class<E> type, String wireName) {
        for (E constant : type.getEnumConstants()) {
            if (constant.wireName().equals(wireName)) {
                return Optional.of(constant);
            }
        }
        return Optional.empty();
    }
}
