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
    MANAGE_LIVECHAT_AGENTS("manage-livechat-agents"),
    /** Close a livechat room one serves. */
    CLOSE_LIVECHAT_ROOM("close-livechat-room"),
    /** Close livechat rooms that others serve. */
    CLOSE_OTHERS_LIVECHAT_ROOM("close-others-livechat-room"),
    /** Forward a livechat room to another agent or department. */
    TRANSFER_LIVECHAT_GUEST("transfer-livechat-guest"),
    /** List the livechat rooms (livechat/rooms): managers, monitors, administrators. */
    VIEW_LIVECHAT_ROOMS("view-livechat-rooms"),
    /** Rename the livechat priorities and reset their names: managers, administrators. */
    MANAGE_LIVECHAT_PRIORITIES("manage-livechat-priorities"),
    /** Create, change and delete the livechat SLAs: managers, administrators. */
    MANAGE_LIVECHAT_SLA("manage-livechat-sla");

    private final String id;

    Permission(String id) {
        this.id = id;
    }

    /** The permission's id as Rocket.Chat names it, e.g. {@code view-livechat-manager}. */
    public String id() {
        return id;
    }
}
