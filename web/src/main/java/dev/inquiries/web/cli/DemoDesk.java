package dev.inquiries.web.cli;

import java.util.ArrayList;
import java.util.List;

import dev.inquiries.domain.RandomIds;
import dev.inquiries.domain.Roles;
import dev.inquiries.persistence.AgentRepository;
import dev.inquiries.persistence.Database;
import dev.inquiries.persistence.RequestRefusedException;
import dev.inquiries.persistence.UnitRepository;
import dev.inquiries.persistence.UserRepository;

/**
 * The people of the demo's support desk, over the demo's departments: two agents, a manager, and a monitor
 * restricted to a unit. Each run sets a new password for each and returns them; what exists is kept.
 */
final class DemoDesk {

    /** An agent of Sales and Support. */
    static final String AGENT = "alice";
    /** An agent of Billing. */
    static final String OTHER_AGENT = "bob";
    /** A livechat-manager: sees the whole queue. */
    static final String MANAGER = "maria";
    /** A livechat-monitor of the unit North (Billing, Onboarding): sees those departments only. */
    static final String MONITOR = "monica";
    static final String UNIT = "North";

    /** A demo user and the password it was given. */
    record Person(String username, String role, String password) {
    }

    private DemoDesk() {
    }

    /** Creates whoever is missing, gives everyone a new password, and returns them in the order above. */
    static List<Person> prepare(Database database) {
        UserRepository users = new UserRepository(database);
        AgentRepository agents = new AgentRepository(database);
        List<Person> people = new ArrayList<>();
        people.add(person(users, AGENT, Roles.LIVECHAT_AGENT));
        people.add(person(users, OTHER_AGENT, Roles.LIVECHAT_AGENT));
        people.add(person(users, MANAGER, Roles.LIVECHAT_MANAGER));
        people.add(person(users, MONITOR, Roles.LIVECHAT_MONITOR));
        member(agents, AGENT, "Sales");
        member(agents, AGENT, "Support");
        member(agents, OTHER_AGENT, "Billing");
        try {
            new UnitRepository(database).add(UNIT, List.of("Billing", "Onboarding"), List.of(MONITOR));
        } catch (RequestRefusedException exists) {
            // Kept from an earlier run, or the database holds other departments than the demo's.
        }
        return people;
    }

    private static Person person(UserRepository users, String username, String role) {
        if (users.findByUsername(username).isEmpty()) {
            users.add(username, null, List.of(role, Roles.USER));
        }
        String password = RandomIds.next();
        users.setPassword(username, password);
        return new Person(username, role, password);
    }

    private static void member(AgentRepository agents, String username, String department) {
        try {
            agents.add(username, department);
        } catch (RequestRefusedException kept) {
            // Already a member (an earlier run), or no such department in this database.
        }
    }
}
