package dev.inquiries.persistence;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.inquiries.domain.Credentials;
import dev.inquiries.domain.Principal;
import dev.inquiries.domain.TokenHasher;

/**
 * Login tokens, stored only as hashes, and the lookup that turns a user id and a token into the caller
 * with its roles and permissions.
 */
public final class LoginTokenRepository {

    /**
     * Whether a token is valid, as a FROM and WHERE over {@code login_tokens t} and {@code users u}: the
     * hashed token is the user's own, unexpired, and the user active. The one definition every statement that
     * trusts a token uses; its parameters come from {@link #validTokenParameters}.
     */
    public static final String VALID_TOKEN = validToken(":hashedToken", ":userId");

    /** The caller with its roles and permissions, when its token is valid: {@code authenticate.sql}. */
    private static final String AUTHENTICATE = SqlFiles.compose(SqlFiles.of(LoginTokenRepository.class, "authenticate"),
            Map.of("validToken", VALID_TOKEN));

    /** The user's id, when its token is valid: {@code valid_user.sql}. */
    private static final String VALID_USER = SqlFiles.compose(SqlFiles.of(LoginTokenRepository.class, "valid_user"),
            Map.of("validToken", VALID_TOKEN));

    /** This class's statements, each in the {@code .sql} file of its name beside it. */
    private enum Sql { CREATE, ISSUE, OWNER, REVOKE }

    private static final Map<Sql, String> SQL = SqlFiles.all(LoginTokenRepository.class, Sql.class);

    /** This class's statements, each in its one shape, for the catalog ({@link Statements}). */
    static List<StatementShape> statements() {
        List<StatementShape> shapes = new ArrayList<>(SqlFiles.shapes(LoginTokenRepository.class, SQL, Set.of()));
        shapes.add(StatementShape.of(LoginTokenRepository.class, "authenticate", "",
                new SqlStatement(AUTHENTICATE, Map.of(), Map.of())));
        shapes.add(StatementShape.of(LoginTokenRepository.class, "valid_user", "",
                new SqlStatement(VALID_USER, Map.of(), Map.of())));
        return shapes;
    }

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
        String userId = database.inTransaction(handle -> handle.createQuery(SQL.get(Sql.CREATE))
                .bindMap(Map.of("hashedToken", TokenHasher.hash(token), "username", username))
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
        return database.withHandle(handle -> handle.createQuery(AUTHENTICATE)
                .bindMap(validTokenParameters(new Credentials(userId, token), lifetime))
                .map(Rows::principal)
                .findOne());
    }

    /** Creates a token for the user with this id and returns it; only its hash is stored. */
    IssuedToken issue(String userId) {
        String token = TokenHasher.newToken();
        database.withHandle(handle -> handle.createUpdate(SQL.get(Sql.ISSUE))
                .bindMap(Map.of("hashedToken", TokenHasher.hash(token), "userId", userId))
                .execute());
        return new IssuedToken(userId, token);
    }

    /**
     * The token with its user, when it is a valid token ({@link #VALID_TOKEN}) of the user it was issued to
     * ({@code {"resume": ...}} names no user).
     */
    Optional<IssuedToken> resume(String token) {
        String hashedToken = TokenHasher.hash(token);
        return database.withHandle(handle -> handle.createQuery(SQL.get(Sql.OWNER))
                .bind("hashedToken", hashedToken)
                .mapTo(String.class)
                .findOne()
                .flatMap(userId -> handle.createQuery(VALID_USER)
                        .bindMap(validTokenParameters(new Credentials(userId, token), lifetime))
                        .mapTo(String.class)
                        .findOne())
                .map(userId -> new IssuedToken(userId, token)));
    }

    /** Removes the token the credentials show, and only it; whether there was one to remove. */
    public boolean revoke(Credentials credentials) {
        return database.withHandle(handle -> handle.createUpdate(SQL.get(Sql.REVOKE))
                .bindMap(Map.of("hashedToken", TokenHasher.hash(credentials.token()), "userId", credentials.userId()))
                .execute()) > 0;
    }


    /**
     * {@link #VALID_TOKEN} for the SQL expressions of a hashed token and a user id (columns of a relation of
     * several tokens, as the live queue checks its subscribers'); {@code :lifetimeSeconds} stays a parameter.
     */
    public static String validToken(String hashedToken, String userId) {
        return "\n  FROM login_tokens t"
                + "\n  JOIN users u ON u.id = t.user_id"
                + "\n WHERE t.hashed_token = " + hashedToken
                + "\n   AND t.user_id = " + userId
                + "\n   AND u.active"
                + "\n   AND t.created_at > now() - make_interval(secs => :lifetimeSeconds)";
    }

    /** How long a token stays valid after it is issued. */
    public Duration lifetime() {
        return lifetime;
    }

    /** The parameters of {@link #VALID_TOKEN} for these credentials and tokens of this lifetime. */
    public static Map<String, Object> validTokenParameters(Credentials credentials, Duration lifetime) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("hashedToken", TokenHasher.hash(credentials.token()));
        // A user id PostgreSQL cannot store matches no user; NULL says so without an error.
        parameters.put("userId", PostgresText.canBeStored(credentials.userId()) ? credentials.userId() : null);
        parameters.put("lifetimeSeconds", (double) lifetime.toSeconds());
        return parameters;
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
