package dev.inquiries.persistence;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;

import dev.inquiries.domain.PasswordHasher;
import dev.inquiries.domain.RandomIds;
import dev.inquiries.domain.login.LoginName;

/** Users and their roles. */
public final class UserRepository {

    /** Enough of an address to catch a slip (a missing {@code @} or domain); the mail system judges the rest. */
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

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
        return add(username, password, roles, null);
    }

    /**
     * Adds a user holding the given roles, with an email address (verified: the operator vouches for it) to
     * log in with, or none when it is {@code null}.
     *
     * @throws RequestRefusedException when the username or the email is taken, the email is not an
     *                                  address, or a role does not exist
     */
    public User add(String username, String password, List<String> roles, String email) {
        if (username.isBlank()) {
            throw new RequestRefusedException("The username must not be empty");
        }
        if (email != null && !EMAIL.matcher(email).matches()) {
            throw new RequestRefusedException("The email \"" + email + "\" is not an address like name@example.com");
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
            if (email != null && handle.createQuery("SELECT 1 FROM users WHERE lower(email) = lower(:email)")
                    .bind("email", email).mapTo(Integer.class).findOne().isPresent()) {
                throw new RequestRefusedException("The email \"" + email + "\" is taken");
            }
            String id = RandomIds.next();
            int inserted = handle.createUpdate("""
                            INSERT INTO users (id, username, password_hash, email, email_verified)
                            VALUES (:id, :username, :passwordHash, CAST(:email AS text), CAST(:email AS text) IS NOT NULL)
                            ON CONFLICT (username) DO NOTHING""")
                    .bindMap(insertedUser(id, username, passwordHash, email))
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

    private static Map<String, Object> insertedUser(String id, String username, String passwordHash, String email) {
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("id", id);
        parameters.put("username", username);
        // A user without a password (it logs in with tokens only) has none to hash.
        parameters.put("passwordHash", passwordHash);
        parameters.put("email", email);
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

    /**
     * Gives the user a new password (stored as a bcrypt hash).
     *
     * @throws RequestRefusedException when there is no such user
     */
    public void setPassword(String username, String password) {
        String hash = PasswordHasher.hash(password);
        int updated = database.withHandle(handle -> handle.createUpdate(
                        "UPDATE users SET password_hash = :hash WHERE username = :username")
                .bind("hash", hash)
                .bind("username", username)
                .execute());
        if (updated == 0) {
            throw new RequestRefusedException("There is no user \"" + username + "\"");
        }
    }

    /** What a login checks: the user a name matches, its password hash (if any) and whether it is active. */
    Optional<StoredLogin> findLogin(LoginName name) {
        String match = switch (name.kind()) {
            case USERNAME -> "username = :name";
            case EMAIL -> "lower(email) = lower(:name)";
        };
        return database.withHandle(handle -> handle.createQuery(
                        "SELECT id, password_hash, active FROM users WHERE " + match)
                .bind("name", name.value())
                .map((row, context) -> new StoredLogin(row.getString("id"), row.getString("password_hash"),
                        row.getBoolean("active")))
                .findOne());
    }

    /** A user's login data: never leaves persistence. */
    record StoredLogin(String userId, String passwordHash, boolean active) {

        @Override
        public String toString() {
            return "StoredLogin[userId=" + userId + ", active=" + active + "]";
        }
    }

    /** The user with this id as {@code /api/v1/me} shows it, if there is one. */
    public Optional<UserProfile> profile(String userId) {
        return database.withHandle(handle -> handle.createQuery("""
                        SELECT u.id, u.username, u.name, u.email, u.email_verified, u.active, u.status_livechat,
                               ARRAY(SELECT ur.role_id FROM user_roles ur
                                      WHERE ur.user_id = u.id ORDER BY ur.role_id) AS roles
                          FROM users u
                         WHERE u.id = :id""")
                .bind("id", userId)
                .map((row, context) -> new UserProfile(
                        row.getString("id"),
                        row.getString("username"),
                        Optional.ofNullable(row.getString("name")),
                        Optional.ofNullable(row.getString("email")),
                        row.getBoolean("email_verified"),
                        List.of((String[]) row.getArray("roles").getArray()),
                        row.getBoolean("active"),
                        row.getString("status_livechat")))
                .findOne());
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
