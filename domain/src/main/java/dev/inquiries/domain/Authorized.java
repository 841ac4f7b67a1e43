package dev.inquiries.domain;

/**
 * The outcome of a read that checks its caller in the same step: the value, or why the caller may not
 * have it. Callers cannot tell an unknown user from a wrong, expired or deactivated token.
 *
 * @param <T> what was read
 */
public sealed interface Authorized<T> {

    /** The credentials name no active user with that unexpired token (401). */
    record NotAuthenticated<T>() implements Authorized<T> {
    }

    /** The caller is known but none of its roles grants the permission (403). */
    record Forbidden<T>() implements Authorized<T> {
    }

    /** The caller may read, and this is what it read. */
    record Granted<T>(T value) implements Authorized<T> {
    }
}
