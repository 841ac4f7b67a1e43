package dev.inquiries.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

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
        return BCrypt.withDefaults().hashToString(COST, sha256Hex(password).toCharArray());
    }

    /** Whether the password is the one the stored hash was made from. */
    public static boolean matches(String password, String storedHash) {
        return BCrypt.verifyer().verify(sha256Hex(password).toCharArray(), storedHash).verified;
    }

    private static String sha256Hex(String password) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(password.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("every Java platform has SHA-256", impossible);
        }
    }
}
