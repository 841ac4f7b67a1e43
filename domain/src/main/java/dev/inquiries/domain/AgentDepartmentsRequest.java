package dev.inquiries.domain;

import java.util.List;
import java.util.Map;

import dev.inquiries.domain.request.QueryShape;
import dev.inquiries.domain.request.Wording;

/**
 * A request for an agent's departments, parsed from the query of
 * {@code GET /api/v1/livechat/agents/:agentId/departments}.
 *
 * @param enabledOnly whether only the memberships of enabled departments (those that count) are listed
 */
public record AgentDepartmentsRequest(boolean enabledOnly) {

    private static final QueryShape QUERY = QueryShape.of(Wording.LISTED, "enabledDepartmentsOnly");

    /**
     * Parses the query parameters.
     *
     * @throws InvalidParametersException for a name other than {@code enabledDepartmentsOnly}, a parameter given
     *                                    twice, or a value other than {@code true} or {@code false}
     */
    public static AgentDepartmentsRequest parse(Map<String, List<String>> parameters) {
        return new AgentDepartmentsRequest(QUERY.check(parameters).flag("enabledDepartmentsOnly"));
    }
}
