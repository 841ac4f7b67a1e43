package dev.inquiries.domain;

/** The fields the agent list ({@code livechat/users/agent}) may be ordered by: {@code _id, username, name, statusLivechat}. */
public enum AgentSortField implements ListField {
    ID,
    USERNAME,
    NAME,
    STATUS_LIVECHAT
}
