package dev.inquiries.persistence;

import java.util.List;

/**
 * One page of agents and how many match the filter across all pages, read in one statement.
 *
 * @param agents the page, in the requested order
 * @param offset where it starts
 * @param total  how many agents match in all
 */
public record AgentPage(List<AgentSummary> agents, long offset, long total) {

    public AgentPage {
        agents = List.copyOf(agents);
    }
}
