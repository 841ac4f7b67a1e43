package dev.inquiries.persistence;

import java.util.Objects;
import java.util.Optional;

import dev.inquiries.domain.LivechatStatus;

/**
 * An agent as the agent list ({@code livechat/users/agent}) shows it: never a password hash or a token.
 *
 * @param id             the user's id
 * @param username       its unique name
 * @param name           its display name, if it has one
 * @param statusLivechat whether it takes chats
 * @param email          its email address and whether it is confirmed, if it has one
 * @param maxChats       its own limit of open chats (V36), 0 when the desk's applies
 */
public record AgentSummary(String id, String username, Optional<String> name, LivechatStatus statusLivechat,
                           Optional<Email> email, int maxChats) {

    public AgentSummary {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(statusLivechat, "statusLivechat");
        Objects.requireNonNull(email, "email");
    }

    /**
     * An email address of the agent.
     *
     * @param address  the address
     * @param verified whether it is confirmed
     */
    public record Email(String address, boolean verified) {
    }
}
