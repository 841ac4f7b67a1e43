package dev.inquiries.domain.ordering;

import java.util.Optional;

import dev.inquiries.domain.WireNamed;

/** The fields the priority list may be ordered by, with their names on the wire. */
public enum PrioritySortField implements WireNamed {
    ID("_id"),
    NAME("name"),
    I18N("i18n"),
    SORT_ITEM("sortItem");

    private final String wireName;

    PrioritySortField(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String wireName() {
        return wireName;
    }

    /** The field a client means by this key, if the priority list sorts by it. */
    public static Optional<PrioritySortField> fromWireName(String wireName) {
        return WireNamed.lookup(PrioritySortField.class, wireName);
    }
}
