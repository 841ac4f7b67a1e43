package dev.inquiries.domain;

import at.favre.lib.crypto.bcrypt.BCrypt;

/**
 * Password hashes as Rocket.Chat stores them: bcrypt (salted, slow) over the SHA-256 hex digest of the
 * password, so that hashes move between the two systems.
 */
public final class PasswordHasher {

    private static final int COST = 10;

    private PasswordHasher() {
    }

    /** The stored form of a password. */
    public static String hash(String password) {
        return BCrypt.withDefaults().hashToString(COST, Sha256.hex(password).toCharArray());
    }

    /** Whether the password is the one the stored hash was made from. */
    public static boolean matches(String password, String storedHash) {
        return BCrypt.verifyer().verify(Sha256.hex(password).toCharArray(), storedHash).verified;
    }
}
