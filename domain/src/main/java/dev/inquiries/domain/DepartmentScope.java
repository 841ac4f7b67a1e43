package dev.inquiries.domain;

/**
 * Which departments {@code livechat/department?onlyMyDepartments=true} shows a caller: an agent (a holder of
 * {@code livechat-agent} that is none of {@code admin}, {@code livechat-manager} or {@code livechat-monitor})
 * its own enabled departments; everyone else all of them. The one definition of that choice.
 *
 * <p>The restricted monitor (assigned to a unit, neither admin nor manager), who is to see only its units'
 * departments, is not told apart yet: it sees all of them, as any other monitor does.
 */
public enum DepartmentScope {
    /** Every department. */
    ALL,
    /** The departments the caller is an agent of, enabled ones only. */
    OWN;

    /** The scope of the caller's own departments. */
    public static DepartmentScope of(Principal caller) {
        boolean agent = caller.roles().contains(Roles.LIVECHAT_AGENT);
        boolean oversees = caller.roles().contains(Roles.ADMIN) || caller.roles().contains(Roles.LIVECHAT_MANAGER)
                || caller.roles().contains(Roles.LIVECHAT_MONITOR);
        return agent && !oversees ? OWN : ALL;
    }
}
