package dev.inquiries.domain;

/** The fields the department list may be ordered by: {@code _id, name, enabled}. */
public enum DepartmentSortField implements ListField {
    ID,
    NAME,
    ENABLED
}
