package dev.inquiries.domain;

import at.favre.lib.crypto.bcrypt.BCrypt;
import dev.inquiries.domain.login.PasswordDigest;

/**
 * Password hashes as Rocket.Chat stores them: bcrypt (salted, slow) over the SHA-256 hex digest of the
 * password, so that hashes move between the two systems.
 */
public final class PasswordHasher {

    /** bcrypt's cost of new hashes: 2^10 rounds, Rocket.Chat's default. */
    public static final int COST = 10;

    /**
     * A hash of a random password that no one knows, at the cost of new hashes: checking a login for an
     * unknown user (or one without a password) against it costs what a wrong password costs.
     */
    private static final String UNKNOWABLE = hash(PasswordDigest.ofPlain(TokenHasher.newToken()));

    private PasswordHasher() {
    }

    /** The stored form of a password. */
    public static String hash(String password) {
        return hash(PasswordDigest.ofPlain(password));
    }

    private static String hash(PasswordDigest password) {
        return BCrypt.withDefaults().hashToString(COST, password.hex().toCharArray());
    }

    /**
     * Whether the password is the one the stored hash was made from; a missing or malformed stored hash
     * matches nothing, after the same work as a real check.
     */
    public static boolean matches(PasswordDigest password, String storedHash) {
        char[] digest = password.hex().toCharArray();
        if (storedHash == null) {
            BCrypt.verifyer().verify(digest, UNKNOWABLE);
            return false;
        }
        BCrypt.Result result = BCrypt.verifyer().verify(digest, storedHash);
        if (!result.validFormat) {
            BCrypt.verifyer().verify(digest, UNKNOWABLE);
            return false;
        }
        return result.verified;
    }
}
