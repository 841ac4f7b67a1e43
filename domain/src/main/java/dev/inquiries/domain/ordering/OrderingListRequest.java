package dev.inquiries.domain.ordering;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import dev.inquiries.domain.ListField;
import dev.inquiries.domain.Page;
import dev.inquiries.domain.Paging;
import dev.inquiries.domain.SortDirection;
import dev.inquiries.domain.SortObject.Term;
import dev.inquiries.domain.request.Query;
import dev.inquiries.domain.request.QueryShape;
import dev.inquiries.domain.request.Wording;

/**
 * A request for one page of priorities ({@code GET /api/v1/livechat/priorities}) or SLAs ({@code GET /api/v1/livechat/sla}):
 * Rocket.Chat's {@code PaginatedRequest<{text?}>}, with the list rules of this service (unknown names, a bad offset,
 * count or sort refused as the other lists refuse them).
 *
 * @param text a part of the name to look for, without regard to case; empty for any
 * @param page which slice of the matches
 * @param sort their order, before the tie-breaking {@code _id}
 * @param <F>  the list's sort fields
 */
public record OrderingListRequest<F extends Enum<F>>(Optional<String> text, Page page, List<Term<F>> sort) {

    private static final QueryShape QUERY = QueryShape.of(Wording.LISTED, "text", "offset", "count", "sort");

    /** The priorities' order when the client gives none: by sortItem, Highest first. */
    public static final List<Term<PrioritySortField>> PRIORITIES_DEFAULT_SORT =
            List.of(new Term<>(PrioritySortField.SORT_ITEM, SortDirection.ASCENDING));
    /** The SLAs' order when the client gives none: by name, as Rocket.Chat's. */
    public static final List<Term<SlaSortField>> SLAS_DEFAULT_SORT =
            List.of(new Term<>(SlaSortField.NAME, SortDirection.ASCENDING));

    public OrderingListRequest {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(page, "page");
        sort = List.copyOf(sort);
    }

    /** Parses the query of the priority list. */
    public static OrderingListRequest<PrioritySortField> priorities(Map<String, List<String>> parameters, Paging paging) {
        return parse(parameters, paging, PrioritySortField.class, PRIORITIES_DEFAULT_SORT);
    }

    /** Parses the query of the SLA list. */
    public static OrderingListRequest<SlaSortField> slas(Map<String, List<String>> parameters, Paging paging) {
        return parse(parameters, paging, SlaSortField.class, SLAS_DEFAULT_SORT);
    }

    /**
     * Parses the query parameters.
     *
     * @throws dev.inquiries.domain.InvalidParametersException for an unknown or repeated name, a bad offset or count
     * @throws dev.inquiries.domain.InvalidSortException       when the sort is not a sort object of the list's fields
     */
    private static <F extends Enum<F> & ListField> OrderingListRequest<F> parse(Map<String, List<String>> parameters,
                                                                                Paging paging, Class<F> fields,
                                                                                List<Term<F>> defaultSort) {
        Query query = QUERY.check(parameters);
        return new OrderingListRequest<>(query.value("text"), query.page(paging), query.sort(fields, defaultSort));
    }
}
