package dev.inquiries.domain.ordering;

import dev.inquiries.domain.ListField;

/** The fields the priority list may be ordered by: {@code _id, name, i18n, sortItem}. */
public enum PrioritySortField implements ListField {
    ID,
    NAME,
    I18N,
    SORT_ITEM
}
