package dev.inquiries.persistence;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

import dev.inquiries.domain.PasswordHasher;
import dev.inquiries.domain.RandomIds;

/** Users and their roles. */
public final class UserRepository {

    private final Database database;

    public UserRepository(Database database) {
        this.database = database;
    }

    /**
     * Adds a user holding the given roles.
     *
     * @throws RequestRefusedException when the username is empty or taken, or a role does not exist
     */
    public User add(String username, String password, List<String> roles) {
        if (username.isBlank()) {
            throw new RequestRefusedException("The username must not be empty");
        }
        List<String> sortedRoles = List.copyOf(new TreeSet<>(roles));
        String passwordHash = password == null ? null : PasswordHasher.hash(password);
        return database.inTransaction(handle -> {
            List<String> known = handle.createQuery("SELECT id FROM roles WHERE id = ANY(:roles)")
                    .bindArray("roles", String.class, sortedRoles)
                    .mapTo(String.class)
                    .list();
            List<String> unknown = new ArrayList<>(sortedRoles);
            unknown.removeAll(known);
            if (!unknown.isEmpty()) {
                throw new RequestRefusedException("Unknown role(s): " + String.join(", ", unknown));
            }
            String id = RandomIds.next();
            int inserted = handle.createUpdate("""
                            INSERT INTO users (id, username, password_hash)
                            VALUES (:id, :username, :passwordHash)
                            ON CONFLICT (username) DO NOTHING""")
                    .bindMap(insertedUser(id, username, passwordHash))
                    .execute();
            if (inserted == 0) {
                throw new RequestRefusedException("The username \"" + username + "\" is taken");
            }
            handle.createUpdate("""
                            INSERT INTO user_roles (user_id, role_id)
                            SELECT :id, role_id FROM unnest(:roles) AS role_id""")
                    .bind("id", id)
                    .bindArray("roles", String.class, sortedRoles)
                    .execute();
            return new User(id, username, sortedRoles, true);
        });
    }

    private static Map<String, Object> insertedUser(String id, String username, String passwordHash) {
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("id", id);
        parameters.put("username", username);
        // A user without a password (it logs in with tokens only) has none to hash.
        parameters.put("passwordHash", passwordHash);
        return parameters;
    }

    /**
     * Deactivates a user and removes its login tokens: every request it makes gets 401 from then on.
     *
     * @throws RequestRefusedException when there is no such user
     */
    public User deactivate(String username) {
        database.inTransaction(handle -> {
            String id = handle.createQuery("UPDATE users SET active = false WHERE username = :username RETURNING id")
                    .bind("username", username)
                    .mapTo(String.class)
                    .findOne()
                    .orElseThrow(() -> new RequestRefusedException("There is no user \"" + username + "\""));
            return handle.createUpdate("DELETE FROM login_tokens WHERE user_id = :id").bind("id", id).execute();
        });
        return findByUsername(username).orElseThrow();
    }

    /** The user with this username, if there is one. */
    public Optional<User> findByUsername(String username) {
        return database.withHandle(handle -> handle.createQuery("""
                        SELECT u.id, u.username, u.active,
                               ARRAY(SELECT ur.role_id FROM user_roles ur
                                      WHERE ur.user_id = u.id ORDER BY ur.role_id) AS roles
                          FROM users u
                         WHERE u.username = :username""")
                .bind("username", username)
                .map(UserMapper.INSTANCE)
                .findOne());
    }
}
