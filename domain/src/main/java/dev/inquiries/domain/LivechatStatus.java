package dev.inquiries.domain;

import java.util.Optional;

/** Whether an agent takes chats: Rocket.Chat's {@code statusLivechat}. A new agent is available. */
public enum LivechatStatus implements WireNamed {
    AVAILABLE("available"),
    NOT_AVAILABLE("not-available");

    private final String wireName;

    LivechatStatus(String wireName) {
        this.wireName = wireName;
    }

    /** The status as the API and the {@code users.status_livechat} column write it. */
    @Override
    public String wireName() {
        return wireName;
    }

    /** The other status: what a toggle sets. */
    public LivechatStatus toggled() {
        return this == AVAILABLE ? NOT_AVAILABLE : AVAILABLE;
    }

    /** The status of this name, if it is one. */
    public static Optional<LivechatStatus> fromWireName(String wireName) {
        return WireNamed.lookup(LivechatStatus.class, wireName);
    }
}
