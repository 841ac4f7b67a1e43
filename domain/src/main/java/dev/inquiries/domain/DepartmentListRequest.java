package dev.inquiries.domain;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import dev.inquiries.domain.SortObject.Term;
import dev.inquiries.domain.request.Query;
import dev.inquiries.domain.request.QueryShape;
import dev.inquiries.domain.request.Wording;

/**
 * A request for one page of departments, parsed from the query parameters of
 * {@code GET /api/v1/livechat/department}.
 *
 * @param text              a part of the name to look for, without regard to case; empty for any name
 * @param enabledOnly       whether disabled departments are left out
 * @param onlyMyDepartments whether the caller asks for its own departments only (see {@link DepartmentScope})
 * @param page              which slice of the matches
 * @param sort              their order, before the tie-breaking {@code _id}
 */
public record DepartmentListRequest(Optional<String> text, boolean enabledOnly, boolean onlyMyDepartments, Page page,
                                    List<Term<DepartmentSortField>> sort) {

    private static final QueryShape QUERY =
            QueryShape.of(Wording.LISTED, "text", "enabled", "onlyMyDepartments", "offset", "count", "sort");

    /** The parameter names the endpoint accepts; any other is refused. */
    public static final Set<String> PARAMETERS = QUERY.names();

    /** The order when the client gives none: by name. */
    public static final List<Term<DepartmentSortField>> DEFAULT_SORT =
            List.of(new Term<>(DepartmentSortField.NAME, SortDirection.ASCENDING));

    public DepartmentListRequest {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(page, "page");
        sort = List.copyOf(sort);
    }

    /**
     * Parses the query parameters.
     *
     * @throws InvalidParametersException when a name is not accepted, a parameter is given more than once,
     *                                    offset or count is not a non-negative integer, or a switch is
     *                                    neither {@code true} nor {@code false}
     * @throws InvalidSortException       when the sort is not a sort object of the department's fields
     */
    public static DepartmentListRequest parse(Map<String, List<String>> parameters, Paging paging) {
        Query query = QUERY.check(parameters);
        return new DepartmentListRequest(query.value("text"), query.flag("enabled"), query.flag("onlyMyDepartments"),
                query.page(paging), query.sort(DepartmentSortField.class, DEFAULT_SORT));
    }

    /**
     * The order with {@code _id} last, in the direction of the last key, unless {@code _id} is already there:
     * pages never repeat or skip a department.
     */
    public List<Term<DepartmentSortField>> sortWithTieBreaker() {
        return SortObject.withTieBreaker(sort, DepartmentSortField.ID);
    }
}
