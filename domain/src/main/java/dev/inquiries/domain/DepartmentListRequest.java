package dev.inquiries.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import dev.inquiries.domain.SortObject.Term;

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

    /** The parameter names the endpoint accepts; any other is refused. */
    public static final Set<String> PARAMETERS = Set.of("text", "enabled", "onlyMyDepartments", "offset", "count", "sort");

    /** The order when the client gives none: by name. */
    public static final List<Term<DepartmentSortField>> DEFAULT_SORT =
            List.of(new Term<>(DepartmentSortField.NAME, SortDirection.ASCENDING));

    private static final int MAX_ECHOED_NAME = 64;

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
        for (Map.Entry<String, List<String>> parameter : parameters.entrySet()) {
            if (!PARAMETERS.contains(parameter.getKey())) {
                String name = parameter.getKey();
                throw new InvalidParametersException("Unknown parameter \""
                        + (name.length() <= MAX_ECHOED_NAME ? name : name.substring(0, MAX_ECHOED_NAME) + "...")
                        + "\"; the parameters are text, enabled, onlyMyDepartments, offset, count and sort");
            }
            if (parameter.getValue().size() > 1) {
                throw new InvalidParametersException(
                        "The parameter \"" + parameter.getKey() + "\" must be given at most once");
            }
        }
        Page page = paging.page(value(parameters, "offset"), value(parameters, "count"));
        List<Term<DepartmentSortField>> sort = value(parameters, "sort")
                .map(raw -> SortObject.parse(raw, DepartmentSortField::fromWireName))
                .orElse(DEFAULT_SORT);
        return new DepartmentListRequest(value(parameters, "text"), flag(parameters, "enabled"),
                flag(parameters, "onlyMyDepartments"), page, sort);
    }

    /**
     * The order with {@code _id} last, in the direction of the last key, unless {@code _id} is already there:
     * pages never repeat or skip a department.
     */
    public List<Term<DepartmentSortField>> sortWithTieBreaker() {
        List<Term<DepartmentSortField>> result = new ArrayList<>();
        for (Term<DepartmentSortField> term : sort) {
            result.add(term);
            if (term.field() == DepartmentSortField.ID) {
                return List.copyOf(result);
            }
        }
        SortDirection last = sort.isEmpty() ? SortDirection.ASCENDING : sort.getLast().direction();
        result.add(new Term<>(DepartmentSortField.ID, last));
        return List.copyOf(result);
    }

    /** A {@code true}/{@code false} switch; absent or empty is {@code false}. */
    static boolean flag(Map<String, List<String>> parameters, String name) {
        return value(parameters, name).map(raw -> switch (raw) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new InvalidParametersException("The parameter \"" + name + "\" must be true or false");
        }).orElse(false);
    }

    /** The single value of a parameter; an empty value counts as absent. */
    private static Optional<String> value(Map<String, List<String>> parameters, String name) {
        List<String> values = parameters.getOrDefault(name, List.of());
        return values.isEmpty() || values.getFirst().isEmpty() ? Optional.empty() : Optional.of(values.getFirst());
    }
}
