package dev.inquiries.persistence.ordering;

import java.util.List;

/**
 * A page of priorities or SLAs.
 *
 * @param items  the page
 * @param offset where it starts among all matches
 * @param total  how many match, across all pages
 * @param <T>    what is listed
 */
public record OrderingPage<T>(List<T> items, long offset, long total) {

    public OrderingPage {
        items = List.copyOf(items);
    }
}
