package dev.inquiries.domain.login;

import java.util.HexFormat;
import java.util.Locale;

import dev.inquiries.domain.Sha256;

/**
 * A password as the server checks it: the lower-case hex SHA-256 of its text, which is what Rocket.Chat
 * hashes with bcrypt, and what clients that hash before sending send ({@code {"hashed": "<hex>"}}). Its
 * {@link #toString()} never shows it.
 */
public final class PasswordDigest {

    private static final int HEX_LENGTH = 64;

    private final String hex;

    private PasswordDigest(String hex) {
        this.hex = hex;
    }

    /** The digest of a password sent in plain text. */
    public static PasswordDigest ofPlain(String password) {
        return new PasswordDigest(Sha256.hex(password));
    }

    /**
     * A digest the client computed itself.
     *
     * @throws IllegalArgumentException unless it is 64 hex digits
     */
    public static PasswordDigest ofHex(String hex) {
        if (hex.length() != HEX_LENGTH || !isHex(hex)) {
            throw new IllegalArgumentException("a SHA-256 digest is 64 hex digits");
        }
        return new PasswordDigest(hex.toLowerCase(Locale.ROOT));
    }

    /** The lower-case hex digits. */
    public String hex() {
        return hex;
    }

    private static boolean isHex(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (!HexFormat.isHexDigit(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "PasswordDigest[(hidden)]";
    }
}
