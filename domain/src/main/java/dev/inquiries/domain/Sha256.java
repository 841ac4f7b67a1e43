package dev.inquiries.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;

/** SHA-256 of text (UTF-8), in the forms the service stores and compares: raw, lower-case hex, base64. */
public final class Sha256 {

    private Sha256() {
    }

    /** The digest's 32 bytes. */
    public static byte[] bytes(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("every Java platform has SHA-256", impossible);
        }
    }

    /** Lower-case hex, as Rocket.Chat digests a password before bcrypt. */
    public static String hex(String text) {
        return HexFormat.of().formatHex(bytes(text));
    }

    /** Base64, as Rocket.Chat stores a login token. */
    public static String base64(String text) {
        return Base64.getEncoder().encodeToString(bytes(text));
    }
}
