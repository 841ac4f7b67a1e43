package dev.inquiries.domain;

import java.security.SecureRandom;

/**
 * New ids as Rocket.Chat makes them: 17 characters drawn from an alphabet without look-alike characters.
 * Ids that arrive from elsewhere (an import, SQL) may be any non-empty text.
 */
public final class RandomIds {

    static final String ALPHABET = "23456789ABCDEFGHJKLMNPQRSTWXYZabcdefghijkmnopqrstuvwxyz";
    static final int LENGTH = 17;

    private static final SecureRandom RANDOM = new SecureRandom();

    private RandomIds() {
    }

    /** A fresh random id. */
    public static String next() {
        char[] id = new char[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            id[i] = ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length()));
        }
        return new String(id);
    }
}
