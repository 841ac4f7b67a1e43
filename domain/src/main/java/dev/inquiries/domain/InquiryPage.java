package dev.inquiries.domain;

import java.util.List;

/**
 * One page of the queue and the number of inquiries that match the filter across all pages, both read
 * from the same snapshot of the database.
 *
 * @param inquiries the inquiries of this page, in the requested order
 * @param offset    the offset the page starts at
 * @param total     how many queued inquiries match the filter in all
 * @param version   the version of the queue this page was read from: it grows with every change that could
 *                  change the page, so equal versions (for equal requests) mean equal pages
 */
public record InquiryPage(List<Inquiry> inquiries, long offset, long total, long version) {

    public InquiryPage {
        inquiries = List.copyOf(inquiries);
    }

    /** How many inquiries this page holds. */
    public int count() {
        return inquiries.size();
    }
}
