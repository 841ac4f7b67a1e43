package dev.inquiries.domain;

import java.security.SecureRandom;

/**
 * New ids as Rocket.Chat makes them: 17 characters drawn from an alphabet without look-alike characters.
 * Ids that arrive from elsewhere (an import, SQL) may be any non-empty text.
 */
public final class RandomIds {

    /** Rocket.Chat's id alphabet: no look-alike characters (no 0, 1, I, O, U, V, l). */
    public static final String ALPHABET = "23456789ABCDEFGHJKLMNPQRSTWXYZabcdefghijkmnopqrstuvwxyz";
    /** How many characters a new id has. */
    public static final int LENGTH = 17;

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
