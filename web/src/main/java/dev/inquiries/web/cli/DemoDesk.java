package dev.inquiries.web.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import dev.inquiries.domain.RandomIds;
import dev.inquiries.domain.Roles;
import dev.inquiries.persistence.AgentRepository;
import dev.inquiries.persistence.Database;
import dev.inquiries.persistence.RequestRefusedException;
import dev.inquiries.persistence.UnitRepository;
import dev.inquiries.persistence.UserRepository;

/**
 * The people of the demo: its administrator, and a support desk over the demo's departments (two agents, a
 * manager, and a monitor restricted to a unit). Every start gives all of them new passwords and returns them:
 * only bcrypt hashes are stored, so a password can be printed only when it is set. What exists is kept.
 */
final class DemoDesk {

    /** The demo's administrator. */
    static final String ADMIN = DemoCommand.ADMIN;
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

    /**
     * The passwords one start gave.
     *
     * @param admin the administrator
     * @param desk  the desk's people: the agents, the manager, the monitor
     */
    record Passwords(Person admin, List<Person> desk) {

        Passwords {
            desk = List.copyOf(desk);
        }

        /** The administrator, then the desk. */
        List<Person> everyone() {
            return Stream.concat(Stream.of(admin), desk.stream()).toList();
        }
    }

    private DemoDesk() {
    }

    /** Creates whoever is missing, gives everyone a new password, and returns them in the order above. */
    static Passwords prepare(Database database) {
        UserRepository users = new UserRepository(database);
        AgentRepository agents = new AgentRepository(database);
        Person admin = person(users, ADMIN, Roles.ADMIN);
        List<Person> desk = new ArrayList<>();
        desk.add(person(users, AGENT, Roles.LIVECHAT_AGENT));
        desk.add(person(users, OTHER_AGENT, Roles.LIVECHAT_AGENT));
        desk.add(person(users, MANAGER, Roles.LIVECHAT_MANAGER));
        desk.add(person(users, MONITOR, Roles.LIVECHAT_MONITOR));
        member(agents, AGENT, "Sales");
        member(agents, AGENT, "Support");
        member(agents, OTHER_AGENT, "Billing");
        try {
            new UnitRepository(database).add(UNIT, List.of("Billing", "Onboarding"), List.of(MONITOR));
        } catch (RequestRefusedException exists) {
            // Kept from an earlier run, or the database holds other departments than the demo's.
        }
        return new Passwords(admin, desk);
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
