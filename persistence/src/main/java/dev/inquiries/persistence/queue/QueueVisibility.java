package dev.inquiries.persistence.queue;

import dev.inquiries.domain.Permission;

/**
 * Who sees which inquiry: the contract's visibility rules as the SQL predicates every statement that decides
 * visibility is built from (the list, queuedForUser, getOne, take and the stream's filter). The rules about users
 * and departments are V26's views (and V23's {@code enabled_department_agents}), each the one definition of its
 * rule, and "queued" is V26's {@code inquiry_is_queued}; this class only combines them with an inquiry's columns.
 * Each method takes the SQL expression of a user id ({@code u.id}, {@code c.user_id}, a parameter) and, for the row
 * predicates, the alias of a relation with the inquiry's columns {@code status, department_id, default_agent_id,
 * taken_by}. Only constants of this class and the given expressions are spliced, never request text.
 *
 * <ul>
 *   <li>An agent's departments: {@code enabled_department_agents}.</li>
 *   <li>queuedForUser: the queued inquiries routed to the user, and those routed to no one that are in one of
 *   its departments or in none.</li>
 *   <li>A restricted monitor ({@code restricted_monitors}) sees in the list only its departments
 *   ({@code restricted_monitor_departments}); never inquiries without a department.</li>
 *   <li>getOne: what queuedForUser shows, what the user took, and for a holder of view-livechat-manager what
 *   its list would show, of any status. take finds the same, judged on routing rather than status.</li>
 * </ul>
 */
final class QueueVisibility {

    /** Routed to no agent: whoever may see it may take it. */
    static final String ROUTED_TO_NOBODY = "default_agent_id IS NULL";

    private QueueVisibility() {
    }

    /** Whether the inquiry {@code row} is in the queue (V26's one definition of "queued"). */
    static String queued(String row) {
        return "inquiry_is_queued(" + row + ".status)";
    }

    /** The departments the user is an agent of, enabled ones only, as a relation {@code (department)}. */
    static String agentDepartments(String user) {
        return "SELECT department_id AS department FROM enabled_department_agents WHERE user_id = " + user;
    }

    /**
     * The departments a restricted monitor sees, as a relation {@code (department)}, each once: those of its units
     * and those it is an agent of. Empty for anyone else.
     */
    static String monitorDepartments(String user) {
        return "SELECT department_id AS department FROM restricted_monitor_departments WHERE user_id = " + user;
    }

    /** Whether the user is a restricted monitor, as a boolean expression. */
    static String restricted(String user) {
        return "EXISTS (SELECT 1 FROM restricted_monitors WHERE user_id = " + user + ")";
    }

    /** Whether a role of the user grants view-livechat-manager, as a boolean expression. */
    static String manager(String user) {
        return CallerCheck.holds(user, "'" + Permission.VIEW_LIVECHAT_MANAGER.id() + "'");
    }

    /** The condition that an inquiry is routed to the user. */
    static String routedTo(String row, String user) {
        return row + "default_agent_id = " + user;
    }

    /** Whether the inquiry {@code row} is in the user's queuedForUser queue. */
    static String queuedFor(String row, String user) {
        return "(" + queued(row) + " AND " + routedToQueueOf(row, user) + ")";
    }

    /**
     * Whether the inquiry {@code row}, whatever its status, is routed to the user's queue: to it, or to nobody
     * in one of its departments or in none.
     */
    static String routedToQueueOf(String row, String user) {
        return "(" + routedTo(row + ".", user)
                + " OR (" + row + "." + ROUTED_TO_NOBODY + " AND (" + row + ".department_id IS NULL OR "
                + row + ".department_id IN (" + agentDepartments(user) + "))))";
    }

    /**
     * Whether the inquiry {@code row} may be in the user's list, whatever its status: everything, unless the
     * user is a restricted monitor ({@code restricted} its expression), then its monitored departments only.
     */
    static String listable(String row, String user, String restricted) {
        return "(NOT " + restricted + " OR " + row + ".department_id IN (" + monitorDepartments(user) + "))";
    }

    /** Whether the inquiry {@code row} is in the user's inquiries.list (it needs view-livechat-manager too). */
    static String listed(String row, String user, String restricted) {
        return "(" + queued(row) + " AND " + listable(row, user, restricted) + ")";
    }

    /** Whether the user may see the inquiry {@code row} one by one (getOne). */
    static String seesOne(String row, String user, String restricted) {
        return "(" + queuedFor(row, user) + " OR " + row + ".taken_by = " + user
                + " OR (" + manager(user) + " AND " + listable(row, user, restricted) + "))";
    }

    /**
     * Whether a take by the user finds the inquiry {@code row}: as {@link #seesOne}, judged on where the
     * inquiry is routed and not on its status, so that one already taken from the user's queue is "already
     * taken" for it rather than "not found" (the contract's check 3, and the answer every loser of a race gets).
     */
    static String findsToTake(String row, String user, String restricted) {
        return "(" + routedToQueueOf(row, user) + " OR " + row + ".taken_by = " + user
                + " OR (" + manager(user) + " AND " + listable(row, user, restricted) + "))";
    }
}
