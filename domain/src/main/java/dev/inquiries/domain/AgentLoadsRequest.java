package dev.inquiries.domain;

import java.util.List;
import java.util.Map;

import dev.inquiries.domain.request.QueryShape;
import dev.inquiries.domain.request.Wording;

/**
 * A request for the agents' loads, parsed from the query of {@code GET /api/v1/livechat/agents.loads}: it takes no
 * parameters, so that a filter a client believes it sent is refused rather than ignored.
 */
public record AgentLoadsRequest() {

    private static final QueryShape QUERY = QueryShape.of(Wording.LISTED);

    /**
     * Parses the query parameters.
     *
     * @throws InvalidParametersException for any parameter
     */
    public static AgentLoadsRequest parse(Map<String, List<String>> parameters) {
        QUERY.check(parameters);
        return new AgentLoadsRequest();
    }
}
