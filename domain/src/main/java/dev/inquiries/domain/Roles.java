package dev.inquiries.domain;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The roles a fresh installation knows, and Rocket.Chat's default grants of this service's permissions
 * to them. The migrations seed exactly these grants; operators may change them afterwards with SQL.
 */
public final class Roles {

    public static final String ADMIN = "admin";
    public static final String USER = "user";
    public static final String LIVECHAT_AGENT = "livechat-agent";
    public static final String LIVECHAT_MANAGER = "livechat-manager";
    public static final String LIVECHAT_MONITOR = "livechat-monitor";

    /** Every role a fresh installation has. */
    public static final List<String> ALL = List.of(ADMIN, USER, LIVECHAT_AGENT, LIVECHAT_MANAGER, LIVECHAT_MONITOR);

    /** Which roles each permission is granted to by default. */
    public static final Map<Permission, Set<String>> DEFAULT_GRANTS = Map.of(
            Permission.VIEW_LIVECHAT_MANAGER, Set.of(LIVECHAT_MANAGER, LIVECHAT_MONITOR, ADMIN),
            Permission.VIEW_L_ROOM, Set.of(LIVECHAT_AGENT, LIVECHAT_MANAGER, LIVECHAT_MONITOR, ADMIN),
            Permission.VIEW_LIVECHAT_DEPARTMENTS, Set.of(LIVECHAT_MANAGER, LIVECHAT_MONITOR, ADMIN),
            Permission.MANAGE_LIVECHAT_AGENTS, Set.of(LIVECHAT_MANAGER, ADMIN),
            Permission.CLOSE_LIVECHAT_ROOM, Set.of(LIVECHAT_AGENT, LIVECHAT_MANAGER, LIVECHAT_MONITOR, ADMIN),
            Permission.CLOSE_OTHERS_LIVECHAT_ROOM, Set.of(LIVECHAT_MANAGER, LIVECHAT_MONITOR, ADMIN),
            Permission.TRANSFER_LIVECHAT_GUEST, Set.of(LIVECHAT_MANAGER, LIVECHAT_MONITOR, ADMIN),
            Permission.VIEW_LIVECHAT_ROOMS, Set.of(LIVECHAT_MANAGER, LIVECHAT_MONITOR, ADMIN),
            Permission.MANAGE_LIVECHAT_PRIORITIES, Set.of(LIVECHAT_MANAGER, ADMIN),
            Permission.MANAGE_LIVECHAT_SLA, Set.of(LIVECHAT_MANAGER, ADMIN));

    private Roles() {
    }
}
