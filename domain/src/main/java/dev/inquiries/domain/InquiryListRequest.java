package dev.inquiries.domain;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A request for one page of the queued inquiries, parsed from the query parameters of
 * {@code GET /api/v1/livechat/inquiries.list} into values that everything after it can trust.
 *
 * @param department a department id or name to filter by, or empty for all queued inquiries
 * @param page       which slice of the matches
 * @param sort       their order
 */
public record InquiryListRequest(Optional<String> department, Page page, SortSpec sort) {

    /** The parameter names the endpoint accepts; any other is refused. */
    public static final Set<String> PARAMETERS = Set.of("department", "offset", "count", "sort");

    private static final int MAX_ECHOED_NAME = 64;

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
        for (Map.Entry<String, List<String>> parameter : parameters.entrySet()) {
            if (!PARAMETERS.contains(parameter.getKey())) {
                throw new InvalidParametersException("Unknown parameter \"" + shortened(parameter.getKey())
                        + "\"; the parameters are department, offset, count and sort");
            }
            if (parameter.getValue().size() > 1) {
                throw new InvalidParametersException(
                        "The parameter \"" + parameter.getKey() + "\" must be given at most once");
            }
        }
        Page page = paging.page(value(parameters, "offset"), value(parameters, "count"));
        SortSpec sort = value(parameters, "sort").map(SortSpec::parse).orElse(defaultSort);
        return new InquiryListRequest(value(parameters, "department"), page, sort);
    }

    private static String shortened(String name) {
        return name.length() <= MAX_ECHOED_NAME ? name : name.substring(0, MAX_ECHOED_NAME) + "...";
    }

    /** The single value of a parameter; an empty value counts as absent. */
    private static Optional<String> value(Map<String, List<String>> parameters, String name) {
        List<String> values = parameters.getOrDefault(name, List.of());
        return values.isEmpty() || values.getFirst().isEmpty() ? Optional.empty() : Optional.of(values.getFirst());
    }
}
