package dev.inquiries.persistence;

/**
 * STAND-IN for {@code QueueVisibility}, the one definition of who sees which inquiry (written in parallel on
 * main). Its three methods have the names, parameters and meaning of QueueVisibility's, so that the swap is to
 * delete this class and call QueueVisibility in {@link QueueChangeLog} instead. Until then it is the stream's own
 * minimal copy of the contract's rules:
 * <ul>
 * <li>{@link #listed}: {@code inquiries.list} shows every queued inquiry; a restricted monitor ({@link #restricted})
 *     only those of its units' departments and of the departments it is an agent of, never one without a
 *     department;</li>
 * <li>{@link #queuedFor}: {@code inquiries.queuedForUser} shows the queued inquiries routed to the user, and those
 *     routed to no one that are in one of its enabled departments or in none.</li>
 * </ul>
 * {@code row} is the alias of a relation with the columns {@code status, department_id, default_agent_id};
 * {@code user} the SQL expression of a user id. Only constants and these expressions are spliced.
 */
final class StreamVisibility {

    private StreamVisibility() {
    }

    /** Whether the user is a restricted monitor (role livechat-monitor, in a unit, neither admin nor manager). */
    static String restricted(String user) {
        return "(EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = " + user + " AND r.role_id = 'livechat-monitor')"
                + " AND EXISTS (SELECT 1 FROM unit_monitors m WHERE m.user_id = " + user + ")"
                + " AND NOT EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = " + user
                + " AND r.role_id IN ('admin', 'livechat-manager')))";
    }

    /** Whether the inquiry {@code row} is in the user's inquiries.list ({@code restricted}: its expression). */
    static String listed(String row, String user, String restricted) {
        return "(" + row + ".status = 'queued' AND (NOT " + restricted + " OR " + row + ".department_id IN ("
                + "SELECT ud.department_id FROM unit_monitors um JOIN unit_departments ud ON ud.unit_id = um.unit_id"
                + " WHERE um.user_id = " + user
                + " UNION SELECT department_id FROM enabled_department_agents WHERE user_id = " + user + ")))";
    }

    /** Whether the inquiry {@code row} is in the user's queuedForUser queue. */
    static String queuedFor(String row, String user) {
        return "(" + row + ".status = 'queued' AND (" + row + ".default_agent_id = " + user
                + " OR (" + row + ".default_agent_id IS NULL AND (" + row + ".department_id IS NULL OR "
                + row + ".department_id IN (SELECT department_id FROM enabled_department_agents WHERE user_id = "
                + user + ")))))";
    }
}
