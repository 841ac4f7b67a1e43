package dev.inquiries.domain;

import java.util.Optional;

/**
 * How chats reach agents (Rocket.Chat's {@code Livechat_Routing_Method}, the contract's "Routing"): agents take them
 * from the queue, or PostgreSQL gives each to an available agent within capacity as soon as one can serve it.
 */
public enum RoutingMethod implements WireNamed {
    /** Agents take chats from the queue themselves (the default). */
    MANUAL_SELECTION("Manual_Selection"),
    /** The available agent with the fewest chats routed to it so far in the department, ties by username. */
    AUTO_SELECTION("Auto_Selection"),
    /** The available agent with the fewest open chats now, then the longest since last routed, then username. */
    LOAD_BALANCING("Load_Balancing"),
    /** The available agent routed longest ago, then username. */
    LOAD_ROTATION("Load_Rotation");

    private final String wireName;

    RoutingMethod(String wireName) {
        this.wireName = wireName;
    }

    /** The method as Rocket.Chat's setting and the {@code desk_settings.routing_method} column write it. */
    @Override
    public String wireName() {
        return wireName;
    }

    /** The method of this name, if it is one. */
    public static Optional<RoutingMethod> fromWireName(String wireName) {
        return WireNamed.lookup(RoutingMethod.class, wireName);
    }
}
