package dev.inquiries.persistence;

import java.util.Map;

import dev.inquiries.domain.RandomIds;

/**
 * An example value of each parameter the service's statements take, of the kind the service binds to it, as psql's
 * {@code \set} takes it: a parameter's name means the same in every statement (a {@code userId} is always a user's
 * id), so one value each serves them all. A statement with a parameter missing here fails its test.
 */
final class StatementExamples {

    private static final String USER = "nVFGk2Rz7fQpXm3aB";
    private static final String DEPARTMENT = "jHFgdJyJWstB9M2ik";
    private static final String HASHED_TOKEN = "n4bQgcXeR7Y2tCz1f8kP3mJ6hL0sW5vA9uD2qE4iG7o=";

    private static final Map<String, String> EXAMPLES = Map.ofEntries(
            // Who asks: a user, its token (hashed as stored), the permission a read needs, how long tokens live.
            Map.entry("userId", USER),
            Map.entry("hashedToken", HASHED_TOKEN),
            Map.entry("permission", "view-livechat-manager"),
            Map.entry("lifetimeSeconds", "7776000"),
            // Users, roles and signing in.
            Map.entry("id", DEPARTMENT),
            Map.entry("username", "maria"),
            Map.entry("name", "Sales"),
            Map.entry("email", "maria@example.com"),
            Map.entry("passwordHash", "$2a$10$7EqJtq98hPqEX7fNZaFWoOhi5BWX4Z3SKa8N2UbIaHqnqjvWqMqJy"),
            Map.entry("hash", "$2a$10$7EqJtq98hPqEX7fNZaFWoOhi5BWX4Z3SKa8N2UbIaHqnqjvWqMqJy"),
            Map.entry("role", "livechat-agent"),
            Map.entry("roles", "{livechat-agent,user}"),
            Map.entry("status", "available"),
            Map.entry("kind", "user"),
            Map.entry("key", "maria"),
            Map.entry("userKey", "maria"),
            Map.entry("ipKey", "203.0.113.7"),
            Map.entry("now", "2026-12-01T13:50:02.114Z"),
            Map.entry("windowSeconds", "300"),
            Map.entry("blockSeconds", "300"),
            // The visitor endpoints' counts per client address.
            Map.entry("route", "livechat/room"),
            // Visitors and the intake of their chats.
            Map.entry("token", "9f1c2b7e-visitor-token"),
            Map.entry("visitorId", "Zq3kW8pQzR5tYuVxE"),
            Map.entry("phone", "+49 30 901820"),
            Map.entry("acceptWithoutAgents", "false"),
            Map.entry("queueCap", "1000"),
            // The intake gathers arrivals: one element per new chat in each of these.
            Map.entry("tokens", "{9f1c2b7e-visitor-token}"),
            Map.entry("names", "{Maria}"),
            Map.entry("emails", "{maria@example.com}"),
            Map.entry("phones", "{NULL}"),
            Map.entry("usernames", "{NULL}"),
            Map.entry("ids", "{Zq3kW8pQzR5tYuVxE}"),
            Map.entry("agentIds", "{NULL}"),
            Map.entry("priorities", "{priority-high}"),
            Map.entry("slas", "{Gold}"),
            Map.entry("inquiryIds", "{GpxfRo8TaPHfsnnC5}"),
            // Routing and the limits of open chats.
            Map.entry("method", "Load_Balancing"),
            Map.entry("maxChats", "3"),
            Map.entry("maxQueueWait", "30"),
            Map.entry("sorting", "Priority"),
            // Moving, ending and listing chats.
            Map.entry("rid", "EbQjtCosHJWLQmQYT"),
            Map.entry("callerId", USER),
            Map.entry("agentId", USER),
            Map.entry("servedBy", USER),
            Map.entry("agents", "{" + USER + "}"),
            Map.entry("oversight", "close-others-livechat-room"),
            Map.entry("comment", "Solved"),
            Map.entry("commentMissing", "false"),
            Map.entry("tags", "{billing}"),
            Map.entry("open", "true"),
            Map.entry("createdFrom", "2026-11-01T00:00:00Z"),
            Map.entry("createdTo", "2026-12-01T00:00:00Z"),
            Map.entry("closedFrom", "2026-11-01T00:00:00Z"),
            Map.entry("closedTo", "2026-12-01T00:00:00Z"),
            Map.entry("address", "203.0.113.7"),
            // Priorities and SLAs.
            Map.entry("priority", "priority-high"),
            Map.entry("priorityId", "priority-high"),
            Map.entry("sla", "Gold"),
            Map.entry("description", "Answered within the hour"),
            Map.entry("dueTimeInMinutes", "60"),
            // Departments, units and agents.
            Map.entry("department", "Sales"),
            Map.entry("departmentId", DEPARTMENT),
            Map.entry("exceptId", DEPARTMENT),
            Map.entry("enabled", "true"),
            Map.entry("enabledOnly", "false"),
            Map.entry("text", "sal"),
            Map.entry("onlyAvailable", "true"),
            Map.entry("excludeId", USER),
            Map.entry("memberId", USER),
            Map.entry("viewerId", USER),
            Map.entry("unit", "North"),
            Map.entry("unitId", "Wc9RdkHqT3xPzL8Ma"),
            // Pages.
            Map.entry("offset", "0"),
            Map.entry("limit", "50"),
            // The agents' queue.
            Map.entry("roomId", "EbQjtCosHJWLQmQYT"),
            Map.entry("inquiryId", "GpxfRo8TaPHfsnnC5"),
            Map.entry("takerId", USER),
            // The live queue: a batch of changes for its subscribers' audiences, and the grants they hold.
            Map.entry("keep", "10000"),
            Map.entry("after", "0"),
            Map.entry("upTo", "100"),
            Map.entry("oldestSeen", "0"),
            Map.entry("users", "{" + USER + "}"),
            Map.entry("views", "{list}"),
            Map.entry("departments", "{NULL}"),
            // The visitors' spots and room streams: queues (department keys, "" for none) and rooms.
            Map.entry("departmentKeys", "{" + DEPARTMENT + ",\"\"}"),
            Map.entry("fromTs", "{NULL,\"2026-12-02 10:00:00+00\"}"),
            Map.entry("fromIds", "{NULL,GpxfRo8TaPHfsnnC5}"),
            Map.entry("rids", "{EbQjtCosHJWLQmQYT}"),
            Map.entry("matchesNone", "{false}"),
            Map.entry("hashedTokens", "{" + HASHED_TOKEN + "}"),
            Map.entry("permissions", "{view-livechat-manager}"),
            // The queue's health.
            Map.entry("tables", "{inquiries,queue_counts,queue_changes}"),
            // The demo data.
            Map.entry("spreadSeconds", "14400"),
            Map.entry("queued", "30"),
            Map.entry("inquiries", "300"),
            Map.entry("departmentIds", "{" + DEPARTMENT + "}"),
            Map.entry("alphabet", RandomIds.ALPHABET));

    private StatementExamples() {
    }

    /**
     * The example value of the parameter.
     *
     * @throws IllegalStateException when there is none (a statement with a new parameter: add it above)
     */
    static String of(String parameter) {
        String value = EXAMPLES.get(parameter);
        if (value == null) {
            throw new IllegalStateException("No example value for the parameter :" + parameter);
        }
        return value;
    }
}
