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
 * A request for one page of agents, parsed from the query parameters of {@code GET /api/v1/livechat/users/agent}.
 *
 * @param text          a part of the username or the name to look for, without regard to case; empty for any
 * @param onlyAvailable whether only agents whose {@code statusLivechat} is {@code available} are listed
 * @param excludeId     the id of a user to leave out (the page leaves out the agent serving the chat it forwards)
 * @param page          which slice of the matches
 * @param sort          their order, before the tie-breaking {@code _id}
 */
public record AgentListRequest(Optional<String> text, boolean onlyAvailable, Optional<String> excludeId, Page page,
                               List<Term<AgentSortField>> sort) {

    private static final QueryShape QUERY =
            QueryShape.of(Wording.LISTED, "text", "onlyAvailable", "excludeId", "offset", "count", "sort");

    /** The parameter names the endpoint accepts; any other is refused. */
    public static final Set<String> PARAMETERS = QUERY.names();

    /** The order when the client gives none: by name, as Rocket.Chat's {@code findAgents}. */
    public static final List<Term<AgentSortField>> DEFAULT_SORT =
            List.of(new Term<>(AgentSortField.NAME, SortDirection.ASCENDING));

    public AgentListRequest {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(excludeId, "excludeId");
        Objects.requireNonNull(page, "page");
        sort = List.copyOf(sort);
    }

    /**
     * Parses the query parameters.
     *
     * @throws InvalidParametersException when a name is not accepted, a parameter is given more than once,
     *                                    offset or count is not a non-negative integer, or
     *                                    {@code onlyAvailable} is neither {@code true} nor {@code false}
     * @throws InvalidSortException       when the sort is not a sort object of the agent's fields
     */
    public static AgentListRequest parse(Map<String, List<String>> parameters, Paging paging) {
        Query query = QUERY.check(parameters);
        return new AgentListRequest(query.value("text"), query.flag("onlyAvailable"), query.value("excludeId"),
                query.page(paging), query.sort(AgentSortField.class, DEFAULT_SORT));
    }
}
