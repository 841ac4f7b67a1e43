package dev.inquiries.domain;

/** The named rights this service checks. A user has one when any of its roles is granted it. */
public enum Permission {
    /** Manage the livechat: needed to list the whole queue. */
    VIEW_LIVECHAT_MANAGER("view-livechat-manager"),
    /** See livechat rooms: needed by agents for their own queue. */
    VIEW_L_ROOM("view-l-room"),
    /** See the departments: managers and monitors (agents see them through {@link #VIEW_L_ROOM}). */
    VIEW_LIVECHAT_DEPARTMENTS("view-livechat-departments"),
    /** Manage agents: needed to set another agent's status. */
    MANAGE_LIVECHAT_AGENTS("manage-livechat-agents");

    private final String id;

    Permission(String id) {
        this.id = id;
    }

    /** The permission's id as Rocket.Chat names it, e.g. {@code view-livechat-manager}. */
    public String id() {
        return id;
    }
}
