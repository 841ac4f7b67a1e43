package dev.inquiries.domain;

import java.util.Optional;

/** The fields the agent list ({@code livechat/users/agent}) may be ordered by, with their names on the wire. */
public enum AgentSortField implements WireNamed {
    ID("_id"),
    USERNAME("username"),
    NAME("name"),
    STATUS_LIVECHAT("statusLivechat");

    private final String wireName;

    AgentSortField(String wireName) {
        this.wireName = wireName;
    }

    /** The key a client writes in the sort object. */
    @Override
    public String wireName() {
        return wireName;
    }

    /** The field a client means by this key, if the agent list sorts by it. */
    public static Optional<AgentSortField> fromWireName(String wireName) {
        return WireNamed.lookup(AgentSortField.class, wireName);
    }
}
