package dev.inquiries.domain;

/**
 * Which departments {@code livechat/department?onlyMyDepartments=true} shows a caller: an agent (a holder of
 * {@code livechat-agent}, as the schema's {@code livechat_agents} says) that does not oversee the queue (does not hold
 * {@code view-livechat-manager}, which the defaults grant to {@code admin}, {@code livechat-manager} and
 * {@code livechat-monitor}) its own enabled departments; everyone else those it sees in the queue, which is all of
 * them unless it is a restricted monitor (assigned to a unit; decided with the data, by the queue's visibility rules).
 * Decided by what the caller is granted, so a grant changed in {@code role_permissions} changes it too.
 */
public enum DepartmentScope {
    /** The departments the caller sees in the queue: all, or a restricted monitor's. */
    SEEN,
    /** The departments the caller is an agent of, enabled ones only. */
    OWN;

    /** The scope of the caller's own departments. */
    public static DepartmentScope of(Principal caller) {
        boolean agent = caller.roles().contains(Roles.LIVECHAT_AGENT);
        return agent && !caller.has(Permission.VIEW_LIVECHAT_MANAGER) ? OWN : SEEN;
    }
}
