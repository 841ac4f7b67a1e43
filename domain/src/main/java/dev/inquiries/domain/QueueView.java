package dev.inquiries.domain;

import java.util.Optional;

/**
 * Which queue a live stream mirrors ({@code inquiries.stream?of=...}): the one {@code inquiries.list} shows, or
 * the one {@code inquiries.queuedForUser} shows. Each comes with the permission and visibility of its list.
 */
public enum QueueView implements WireNamed {
    /** {@code of=list}: the queue of {@code inquiries.list}, for holders of {@code view-livechat-manager}. */
    LIST("list", Permission.VIEW_LIVECHAT_MANAGER),
    /** {@code of=queuedForUser}: what the caller may take, for holders of {@code view-l-room}. */
    QUEUED_FOR_USER("queuedForUser", Permission.VIEW_L_ROOM);

    private final String wireName;
    private final Permission permission;

    QueueView(String wireName, Permission permission) {
        this.wireName = wireName;
        this.permission = permission;
    }

    /** The value of {@code of} that names it. */
    @Override
    public String wireName() {
        return wireName;
    }

    /** What a subscriber needs to hold. */
    public Permission permission() {
        return permission;
    }

    /** The view a value of {@code of} names, if any. */
    public static Optional<QueueView> fromWireName(String value) {
        return WireNamed.lookup(QueueView.class, value);
    }
}
