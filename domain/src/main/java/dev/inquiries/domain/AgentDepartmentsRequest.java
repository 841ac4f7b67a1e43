package dev.inquiries.domain;

import java.util.List;
import java.util.Map;

/**
 * A request for an agent's departments, parsed from the query of
 * {@code GET /api/v1/livechat/agents/:agentId/departments}.
 *
 * @param enabledOnly whether only the memberships of enabled departments (those that count) are listed
 */
public record AgentDepartmentsRequest(boolean enabledOnly) {

    private static final String PARAMETER = "enabledDepartmentsOnly";

    /**
     * Parses the query parameters.
     *
     * @throws InvalidParametersException for a name other than {@code enabledDepartmentsOnly}, a parameter given
     *                                    twice, or a value other than {@code true} or {@code false}
     */
    public static AgentDepartmentsRequest parse(Map<String, List<String>> parameters) {
        for (Map.Entry<String, List<String>> parameter : parameters.entrySet()) {
            if (!PARAMETER.equals(parameter.getKey())) {
                throw new InvalidParametersException("Unknown parameter; the only parameter is " + PARAMETER);
            }
            if (parameter.getValue().size() > 1) {
                throw new InvalidParametersException("The parameter \"" + PARAMETER + "\" must be given at most once");
            }
        }
        return new AgentDepartmentsRequest(DepartmentListRequest.flag(parameters, PARAMETER));
    }
}
