package dev.inquiries.persistence;

/**
 * A department as the department list shows it.
 *
 * @param id        its id
 * @param name      its unique name
 * @param enabled   whether it is enabled (a disabled one's agents are not its members)
 * @param numAgents how many agents are its members (none while it is disabled)
 */
public record DepartmentSummary(String id, String name, boolean enabled, long numAgents) {
}
