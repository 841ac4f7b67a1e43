package dev.inquiries.domain.moves;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import dev.inquiries.domain.Page;
import dev.inquiries.domain.Paging;
import dev.inquiries.domain.SortDirection;
import dev.inquiries.domain.SortObject.Term;
import dev.inquiries.domain.request.Query;
import dev.inquiries.domain.request.QueryShape;
import dev.inquiries.domain.request.Wording;

/**
 * A request for one page of rooms, parsed from the query parameters of {@code GET /api/v1/livechat/rooms} (the part of
 * Rocket.Chat's {@code GETLivechatRoomsParams} that matters for a queue). {@code agents[]} may be repeated; every
 * other parameter is given at most once, and any other name is refused, as the other lists refuse them.
 *
 * @param agents       only rooms served by one of these agents (user ids); empty for any
 * @param departmentId only rooms of this department
 * @param open         only open ({@code true}) or closed ({@code false}) rooms
 * @param createdAt    only rooms created ({@code ts}) in this span
 * @param closedAt     only rooms closed in this span
 * @param page         which slice of the matches
 * @param sort         their order, before the tie-breaking {@code _id}
 */
public record RoomListRequest(List<String> agents, Optional<String> departmentId, Optional<Boolean> open,
                              Optional<TimeRange> createdAt, Optional<TimeRange> closedAt, Page page,
                              List<Term<RoomSortField>> sort) {

    private static final String AGENTS = "agents[]";

    private static final QueryShape QUERY = QueryShape.of(Wording.LISTED, AGENTS, "departmentId", "open", "createdAt",
            "closedAt", "offset", "count", "sort");

    /** The order when the client gives none: newest first. */
    public static final List<Term<RoomSortField>> DEFAULT_SORT =
            List.of(new Term<>(RoomSortField.TS, SortDirection.DESCENDING));

    public RoomListRequest {
        agents = List.copyOf(agents);
        Objects.requireNonNull(departmentId, "departmentId");
        Objects.requireNonNull(open, "open");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(closedAt, "closedAt");
        Objects.requireNonNull(page, "page");
        sort = List.copyOf(sort);
    }

    /**
     * Parses the query parameters.
     *
     * @throws dev.inquiries.domain.InvalidParametersException for an unknown name, a repeated one, a bad offset,
     *                                                         count, switch or span
     * @throws dev.inquiries.domain.InvalidSortException       when the sort is not a sort object of the room's fields
     */
    public static RoomListRequest parse(Map<String, List<String>> parameters, Paging paging) {
        Map<String, List<String>> single = new LinkedHashMap<>(parameters);
        List<String> agents = single.remove(AGENTS);
        Query query = QUERY.check(single);
        Page page = query.page(paging);
        List<Term<RoomSortField>> sort = query.sort(RoomSortField.class, DEFAULT_SORT);
        Optional<Boolean> open = query.value("open").isPresent() ? Optional.of(query.flag("open")) : Optional.empty();
        return new RoomListRequest(agents == null ? List.of() : agents.stream().filter(agent -> !agent.isEmpty()).toList(),
                query.value("departmentId"), open,
                query.value("createdAt").map(raw -> TimeRange.parse("createdAt", raw)),
                query.value("closedAt").map(raw -> TimeRange.parse("closedAt", raw)), page, sort);
    }
}
