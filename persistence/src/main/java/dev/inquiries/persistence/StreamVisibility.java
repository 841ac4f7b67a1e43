package dev.inquiries.persistence;

/**
 * STAND-IN for {@code QueueVisibility} (the one definition of who sees which inquiry, written on main): swap
 * {@link #visible} for its predicates when it lands. Until then this is the stream's own minimal copy of the
 * contract's rules, in this one place:
 * <ul>
 * <li>{@code list}: every queued inquiry; a restricted monitor (assigned to a unit, neither {@code admin} nor
 *     {@code livechat-manager}) only those of its units' departments and of the departments it is an agent of,
 *     never one without a department;</li>
 * <li>{@code queuedForUser}: the queued inquiries routed to the user, and those routed to no one that are in one
 *     of its enabled departments or in none.</li>
 * </ul>
 * Both then apply the audience's department filter. Unknown views and NULLs fail closed (false).
 */
final class StreamVisibility {

    private StreamVisibility() {
    }

    /**
     * Whether the audience {@code a (user_id, view, department_id, matches_none)} sees an inquiry with this status,
     * department and default agent (column names of the change row; never request text): a boolean, never NULL.
     */
    static String visible(String status, String departmentId, String defaultAgentId) {
        return """
                coalesce(<status> = 'queued'
                  AND NOT a.matches_none
                  AND (a.department_id IS NULL OR <departmentId> = a.department_id)
                  AND CASE a.view
                      WHEN 'list' THEN
                           NOT (EXISTS (SELECT 1 FROM unit_monitors um WHERE um.user_id = a.user_id)
                                AND NOT EXISTS (SELECT 1 FROM user_roles ur
                                                 WHERE ur.user_id = a.user_id
                                                   AND ur.role_id IN ('admin', 'livechat-manager')))
                           OR <departmentId> IN (SELECT ud.department_id
                                         FROM unit_monitors um
                                         JOIN unit_departments ud ON ud.unit_id = um.unit_id
                                        WHERE um.user_id = a.user_id
                                        UNION
                                       SELECT eda.department_id FROM enabled_department_agents eda
                                        WHERE eda.user_id = a.user_id)
                      WHEN 'queuedForUser' THEN
                           <defaultAgentId> = a.user_id
                           OR (<defaultAgentId> IS NULL
                               AND (<departmentId> IS NULL
                                    OR <departmentId> IN (SELECT eda.department_id FROM enabled_department_agents eda
                                                 WHERE eda.user_id = a.user_id)))
                      ELSE false
                      END, false)"""
                .replace("<status>", status)
                .replace("<departmentId>", departmentId)
                .replace("<defaultAgentId>", defaultAgentId);
    }
}
