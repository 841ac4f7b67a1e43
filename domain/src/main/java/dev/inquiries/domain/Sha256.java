package dev.inquiries.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;

/**
 * SHA-256 of text (its UTF-8 bytes), in the three forms the service stores or sends: raw bytes, lower-case
 * hex and standard base64. One place, so that tokens, passwords and entity tags digest alike.
 */
public final class Sha256 {

    /**
     * A digest never used itself, only copied: a copy costs less than {@code MessageDigest.getInstance}, which looks
     * the algorithm up among the providers on every call (every request digests its token).
     */
    private static final MessageDigest PROTOTYPE;

    static {
        try {
            PROTOTYPE = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("every Java platform has SHA-256", impossible);
        }
    }

    private Sha256() {
    }

    /** The digest's 32 bytes. */
    public static byte[] bytes(String text) {
        return digest().digest(text.getBytes(StandardCharsets.UTF_8));
    }

    private static MessageDigest digest() {
        try {
            return (MessageDigest) PROTOTYPE.clone();
        } catch (CloneNotSupportedException notCloneable) {
            try {
                return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException impossible) {
                throw new IllegalStateException("every Java platform has SHA-256", impossible);
            }
        }
    }

    /** The digest as 64 lower-case hex digits. */
    public static String hex(String text) {
        return HexFormat.of().formatHex(bytes(text));
    }

    /** The digest in standard base64, padded (44 characters). */
    public static String base64(String text) {
        return Base64.getEncoder().encodeToString(bytes(text));
    }
}
