package dev.inquiries.domain;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import dev.inquiries.domain.request.Query;
import dev.inquiries.domain.request.QueryShape;
import dev.inquiries.domain.request.Wording;

/**
 * A request for one page of the queued inquiries, parsed from the query parameters of
 * {@code GET /api/v1/livechat/inquiries.list} into values that everything after it can trust.
 *
 * @param department a department id or name to filter by, or empty for all queued inquiries
 * @param page       which slice of the matches
 * @param sort       their order
 */
public record InquiryListRequest(Optional<String> department, Page page, SortSpec sort) {

    private static final QueryShape QUERY = QueryShape.of(Wording.LISTED, "department", "offset", "count", "sort");

    /** The parameter names the endpoint accepts; any other is refused. */
    public static final Set<String> PARAMETERS = QUERY.names();

    public InquiryListRequest {
        Objects.requireNonNull(department, "department");
        Objects.requireNonNull(page, "page");
        Objects.requireNonNull(sort, "sort");
    }

    /**
     * Parses the query parameters.
     *
     * @param parameters each parameter name with the values it was given, in the order given
     * @param paging     the configured paging rules
     * @return the request they describe
     * @throws InvalidParametersException when a name is not accepted, a parameter is given more than once,
     *                                    or offset or count is not a non-negative integer
     * @throws InvalidSortException       when the sort is not a valid sort object
     */
    public static InquiryListRequest parse(Map<String, List<String>> parameters, Paging paging) {
        return parse(parameters, paging, SortSpec.DEFAULT);
    }

    /** As {@link #parse(Map, Paging)}, with the order a missing {@code sort} stands for. */
    public static InquiryListRequest parse(Map<String, List<String>> parameters, Paging paging, SortSpec defaultSort) {
        Query query = QUERY.check(parameters);
        Page page = query.page(paging);
        SortSpec sort = query.value("sort").map(SortSpec::parse).orElse(defaultSort);
        return new InquiryListRequest(query.value("department"), page, sort);
    }
}
