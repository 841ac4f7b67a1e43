package dev.inquiries.domain;

/** Ascending ({@code 1} on the wire) or descending ({@code -1}). */
public enum SortDirection {
    ASCENDING,
    DESCENDING
}
