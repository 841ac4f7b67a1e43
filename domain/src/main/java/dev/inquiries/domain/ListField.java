package dev.inquiries.domain;

import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * A field a list may be ordered by, one constant of the list's enum. Its name on the wire follows from the constant's:
 * {@code ID} is MongoDB's {@code _id}, any other is the constant's name in lower camel case ({@code STATUS_LIVECHAT} is
 * {@code statusLivechat}, {@code I18N} is {@code i18n}), as Rocket.Chat names its documents' fields.
 */
public interface ListField extends WireNamed {

    /** The constant's name (an enum's own {@link Enum#name()}). */
    String name();

    /** The key a client writes in the sort object. */
    @Override
    default String wireName() {
        return wireName(name());
    }

    /** The wire name of the constant of this name. */
    static String wireName(String constant) {
        if (constant.equals("ID")) {
            return "_id";
        }
        StringBuilder camel = new StringBuilder();
        for (String word : constant.toLowerCase(Locale.ROOT).split("_")) {
            camel.append(camel.isEmpty() || word.isEmpty() ? word : Character.toUpperCase(word.charAt(0)) + word.substring(1));
        }
        return camel.toString();
    }

    /** The field of the list's enum each wire name stands for, empty for a name the list does not sort by. */
    static <F extends Enum<F> & ListField> Function<String, Optional<F>> of(Class<F> fields) {
        return wireName -> WireNamed.lookup(fields, wireName);
    }
}
