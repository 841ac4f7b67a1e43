package dev.inquiries.domain;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Login tokens and their stored form. The server keeps only {@code base64(sha256(token))}, as Rocket.Chat
 * does, so a leaked token table does not leak usable tokens.
 */
public final class TokenHasher {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int TOKEN_BYTES = 32;

    private TokenHasher() {
    }

    /** A new random token: 43 URL-safe characters carrying 256 bits. */
    public static String newToken() {
        byte[] bytes = new byte[TOKEN_BYTES];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The stored form of a token. */
    public static String hash(String token) {
        return Sha256.base64(token);
    }
}
