package dev.inquiries.persistence;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.inquiries.domain.Credentials;
import dev.inquiries.domain.Permission;
import dev.inquiries.domain.Principal;
import dev.inquiries.domain.TokenHasher;
import org.jdbi.v3.core.statement.Query;

/**
 * Login tokens, stored only as hashes, and the lookup that turns a user id and a token into the caller
 * with its roles and permissions.
 */
public final class LoginTokenRepository {

    /** The caller with its roles and permissions, when the token is its own, unexpired, and the user active. */
    private static final String AUTHENTICATE = """
            SELECT u.id, u.username,
                   ARRAY(SELECT ur.role_id FROM user_roles ur
                          WHERE ur.user_id = u.id) AS roles,
                   ARRAY(SELECT DISTINCT rp.permission_id
                           FROM user_roles ur
                           JOIN role_permissions rp ON rp.role_id = ur.role_id
                          WHERE ur.user_id = u.id) AS permissions
              FROM login_tokens t
              JOIN users u ON u.id = t.user_id
             WHERE t.hashed_token = :hashedToken
               AND t.user_id = :userId
               AND u.active
               AND t.created_at > now() - make_interval(secs => :lifetimeSeconds)""";

    /**
     * The caller as a one-row relation {@code (permitted boolean)} for other statements to join, so that a
     * read and the check of its caller take one round trip: no row when the credentials name no active
     * user with that unexpired token; {@code permitted} tells whether a role of the user grants :permission.
     */
    static final String CALLER = """
            SELECT EXISTS (SELECT 1
                             FROM user_roles ur
                             JOIN role_permissions rp ON rp.role_id = ur.role_id
                            WHERE ur.user_id = u.id AND rp.permission_id = :permission) AS permitted
              FROM login_tokens t
              JOIN users u ON u.id = t.user_id
             WHERE t.hashed_token = :hashedToken
               AND t.user_id = :userId
               AND u.active
               AND t.created_at > now() - make_interval(secs => :lifetimeSeconds)""";

    private final Database database;
    private final Duration lifetime;

    public LoginTokenRepository(Database database, Duration lifetime) {
        this.database = database;
        this.lifetime = lifetime;
    }

    /**
     * Creates a token for the user and returns it; only its hash is stored.
     *
     * @throws RequestRefusedException when there is no such user
     */
    public IssuedToken create(String username) {
        String token = TokenHasher.newToken();
        String userId = database.inTransaction(handle -> handle.createQuery("""
                        INSERT INTO login_tokens (hashed_token, user_id)
                        SELECT :hashedToken, id FROM users WHERE username = :username
                        RETURNING user_id""")
                .bind("hashedToken", TokenHasher.hash(token))
                .bind("username", username)
                .mapTo(String.class)
                .findOne()
                .orElseThrow(() -> new RequestRefusedException("There is no user \"" + username + "\"")));
        return new IssuedToken(userId, token);
    }

    /**
     * The caller a user id and token belong to: empty when the user is unknown or deactivated, or the
     * token is wrong or expired (the caller cannot tell which).
     */
    public Optional<Principal> authenticate(String userId, String token) {
        if (!PostgresText.canBeStored(userId)) {
            return Optional.empty();
        }
        SqlStatement statement = authenticationStatement(userId, token, lifetime);
        return database.withHandle(handle -> {
            Query query = handle.createQuery(statement.sql());
            statement.parameters().forEach((name, value) -> query.bind(name, value));
            return query.map((row, context) -> new Principal(
                            row.getString("id"),
                            row.getString("username"),
                            Set.of((String[]) row.getArray("roles").getArray()),
                            Set.of((String[]) row.getArray("permissions").getArray())))
                    .findOne();
        });
    }

    /** Creates a token for the user with this id and returns it; only its hash is stored. */
    IssuedToken issue(String userId) {
        String token = TokenHasher.newToken();
        database.withHandle(handle -> handle.createUpdate(
                        "INSERT INTO login_tokens (hashed_token, user_id) VALUES (:hashedToken, :userId)")
                .bind("hashedToken", TokenHasher.hash(token))
                .bind("userId", userId)
                .execute());
        return new IssuedToken(userId, token);
    }

    /** The token with its user, when it is an unexpired token of an active user ({@code {"resume": ...}}). */
    Optional<IssuedToken> resume(String token) {
        return database.withHandle(handle -> handle.createQuery("""
                        SELECT t.user_id
                          FROM login_tokens t
                          JOIN users u ON u.id = t.user_id
                         WHERE t.hashed_token = :hashedToken
                           AND u.active
                           AND t.created_at > now() - make_interval(secs => :lifetimeSeconds)""")
                .bind("hashedToken", TokenHasher.hash(token))
                .bind("lifetimeSeconds", (double) lifetime.toSeconds())
                .mapTo(String.class)
                .findOne()
                .map(userId -> new IssuedToken(userId, token)));
    }

    /** Removes the token the credentials show, and only it; whether there was one to remove. */
    public boolean revoke(Credentials credentials) {
        return database.withHandle(handle -> handle.createUpdate(
                        "DELETE FROM login_tokens WHERE hashed_token = :hashedToken AND user_id = :userId")
                .bind("hashedToken", TokenHasher.hash(credentials.token()))
                .bind("userId", credentials.userId())
                .execute()) > 0;
    }

    /** The parameters of {@link #CALLER} for these credentials and this permission. */
    Map<String, Object> callerParameters(Credentials credentials, Permission permission) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("permission", permission.id());
        parameters.put("hashedToken", TokenHasher.hash(credentials.token()));
        // A user id PostgreSQL cannot store matches no user; NULL says so without an error.
        parameters.put("userId", PostgresText.canBeStored(credentials.userId()) ? credentials.userId() : null);
        parameters.put("lifetimeSeconds", (double) lifetime.toSeconds());
        return parameters;
    }

    /** The one statement {@link #authenticate} runs for a user id and token, with tokens of this lifetime. */
    static SqlStatement authenticationStatement(String userId, String token, Duration lifetime) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("hashedToken", TokenHasher.hash(token));
        parameters.put("userId", userId);
        parameters.put("lifetimeSeconds", (double) lifetime.toSeconds());
        return new SqlStatement(AUTHENTICATE, parameters);
    }

    /**
     * A token as issued: the only moment its plain text exists outside the client.
     *
     * @param userId    the user it belongs to
     * @param authToken the token to send as {@code X-Auth-Token}
     */
    public record IssuedToken(String userId, String authToken) {
    }
}
