package dev.inquiries.domain;

/**
 * Which departments {@code livechat/department?onlyMyDepartments=true} shows a caller: an agent (a holder of
 * {@code livechat-agent} that is none of {@code admin}, {@code livechat-manager} or {@code livechat-monitor})
 * its own enabled departments; everyone else those it sees in the queue, which is all of them unless it is
 * a restricted monitor (assigned to a unit; decided with the data, by the queue's visibility rules).
 */
public enum DepartmentScope {
    /** The departments the caller sees in the queue: all, or a restricted monitor's. */
    SEEN,
    /** The departments the caller is an agent of, enabled ones only. */
    OWN;

    /** The scope of the caller's own departments. */
    public static DepartmentScope of(Principal caller) {
        boolean agent = caller.roles().contains(Roles.LIVECHAT_AGENT);
        boolean oversees = caller.roles().contains(Roles.ADMIN) || caller.roles().contains(Roles.LIVECHAT_MANAGER)
                || caller.roles().contains(Roles.LIVECHAT_MONITOR);
        return agent && !oversees ? OWN : SEEN;
    }
}
