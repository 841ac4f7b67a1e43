package dev.inquiries.persistence;

/**
 * An agent's membership of a department, as {@code livechat/agents/:agentId/departments} lists it.
 *
 * @param id                the membership's own id
 * @param departmentId      the department
 * @param departmentName    its name
 * @param agentId           the agent's user id
 * @param username          the agent's username
 * @param departmentEnabled whether the department is enabled (only then does the membership count)
 */
public record AgentMembership(String id, String departmentId, String departmentName, String agentId, String username,
                              boolean departmentEnabled) {
}
