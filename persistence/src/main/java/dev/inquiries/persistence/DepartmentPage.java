package dev.inquiries.persistence;

import java.util.List;

/**
 * One page of departments and how many match the filter across all pages, read in one statement.
 *
 * @param departments the page, in the requested order
 * @param offset      where it starts
 * @param total       how many departments match in all
 */
public record DepartmentPage(List<DepartmentSummary> departments, long offset, long total) {

    public DepartmentPage {
        departments = List.copyOf(departments);
    }
}
