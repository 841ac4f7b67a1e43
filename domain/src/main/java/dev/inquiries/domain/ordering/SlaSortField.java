package dev.inquiries.domain.ordering;

import dev.inquiries.domain.ListField;

/** The fields the SLA list may be ordered by: {@code _id, name, dueTimeInMinutes}. */
public enum SlaSortField implements ListField {
    ID,
    NAME,
    DUE_TIME_IN_MINUTES
}
