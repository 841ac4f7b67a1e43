package dev.inquiries.persistence;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import dev.inquiries.domain.PasswordHasher;
import dev.inquiries.domain.RandomIds;
import dev.inquiries.domain.login.LoginName;
import org.jdbi.v3.core.Handle;

/** Users and their roles. */
public final class UserRepository {

    /** Enough of an address to catch a slip (a missing {@code @} or domain); the mail system judges the rest. */
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    /** This class's statements, each in the {@code .sql} file of its name beside it. */
    private enum Sql {
        KNOWN_ROLES, EMAIL_TAKEN, ADD, GRANT_ROLES, GRANT_ROLE, DEACTIVATE, REVOKE_TOKENS, SET_PASSWORD,
        LOGIN_BY_USERNAME, LOGIN_BY_EMAIL, PROFILE, BY_USERNAME
    }

    private static final Map<Sql, String> SQL = SqlFiles.all(UserRepository.class, Sql.class);

    /** This class's statements, each in its one shape, for the catalog ({@link Statements}). */
    static List<StatementShape> statements() {
        return SqlFiles.shapes(UserRepository.class, SQL, Set.of());
    }

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
            List<String> known = handle.createQuery(SQL.get(Sql.KNOWN_ROLES))
                    .bindArray("roles", String.class, sortedRoles)
                    .mapTo(String.class)
                    .list();
            List<String> unknown = new ArrayList<>(sortedRoles);
            unknown.removeAll(known);
            if (!unknown.isEmpty()) {
                throw new RequestRefusedException("Unknown role(s): " + String.join(", ", unknown));
            }
            if (email != null && handle.createQuery(SQL.get(Sql.EMAIL_TAKEN))
                    .bind("email", email).mapTo(Integer.class).findOne().isPresent()) {
                throw new RequestRefusedException("The email \"" + email + "\" is taken");
            }
            String id = RandomIds.next();
            int inserted = handle.createUpdate(SQL.get(Sql.ADD))
                    .bindMap(insertedUser(id, username, passwordHash, email))
                    .execute();
            if (inserted == 0) {
                throw new RequestRefusedException("The username \"" + username + "\" is taken");
            }
            handle.createUpdate(SQL.get(Sql.GRANT_ROLES))
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
            String id = handle.createQuery(SQL.get(Sql.DEACTIVATE))
                    .bind("username", username)
                    .mapTo(String.class)
                    .findOne()
                    .orElseThrow(() -> new RequestRefusedException("There is no user \"" + username + "\""));
            return handle.createUpdate(SQL.get(Sql.REVOKE_TOKENS)).bind("id", id).execute();
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
        int updated = database.withHandle(handle -> handle.createUpdate(SQL.get(Sql.SET_PASSWORD))
                .bind("hash", hash)
                .bind("username", username)
                .execute());
        if (updated == 0) {
            throw new RequestRefusedException("There is no user \"" + username + "\"");
        }
    }

    /** Gives the user the role unless it has it, inside a transaction of the caller's. */
    static void grantRole(Handle handle, String userId, String role) {
        handle.createUpdate(SQL.get(Sql.GRANT_ROLE))
                .bind("userId", userId)
                .bind("role", role)
                .execute();
    }

    /** What a login checks: the user a name matches, its password hash (if any) and whether it is active. */
    Optional<StoredLogin> findLogin(LoginName name) {
        String login = switch (name.kind()) {
            case USERNAME -> SQL.get(Sql.LOGIN_BY_USERNAME);
            case EMAIL -> SQL.get(Sql.LOGIN_BY_EMAIL);
        };
        return database.withHandle(handle -> handle.createQuery(login)
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
        return database.withHandle(handle -> handle.createQuery(SQL.get(Sql.PROFILE))
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
        return database.withHandle(handle -> handle.createQuery(SQL.get(Sql.BY_USERNAME))
                .bind("username", username)
                .map(Rows::user)
                .findOne());
    }
}
