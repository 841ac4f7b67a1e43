package dev.inquiries.domain;

import java.util.Objects;
import java.util.Optional;

/**
 * A request the service refuses, and the one way every refusal reaches the client: the body's {@code error},
 * and from its {@link Reason} the kind of answer, an {@code errorType} where the contract has one and the
 * {@code details} a take names. Each feature lists its reasons in an enum of its own (the request's checks, the
 * agents' queue, signing in, the caller's rights), so a new refusal is a constant, not a new exception with a
 * writer of its own.
 */
public class Refusal extends RuntimeException {

    /** What kind of answer a refusal is; the web maps each to its status and the layout of its body. */
    public enum Outcome {
        /** 400: the request is not one the service can serve. */
        INVALID,
        /** 401: no valid login ({@code status}, {@code error}, {@code message}, as Rocket.Chat's authentication). */
        NOT_LOGGED_IN,
        /** 401: a login refused ({@code error}, {@code status}, {@code message}, as Rocket.Chat's login). */
        LOGIN_REFUSED,
        /** 403: the caller lacks the right. */
        FORBIDDEN,
        /** 404: the resource a path names does not exist ({@code livechat/sla/:id}, as Rocket.Chat's notFound). */
        NOT_FOUND,
        /** 503: the service cannot take this now; the client retries later. */
        UNAVAILABLE
    }

    /** Why a request is refused: one constant of a feature's enum. */
    public interface Reason {

        /** The kind of answer. */
        Outcome outcome();

        /** The body's {@code errorType}, absent where the contract sends none. */
        default Optional<String> errorType() {
            return Optional.empty();
        }

        /** The body's {@code details.method}, absent where the contract sends no details. */
        default Optional<String> method() {
            return Optional.empty();
        }

        /** The body's {@code message} of a 401, where it differs from its {@code error}. */
        default Optional<String> message() {
            return Optional.empty();
        }
    }

    /** A reason whose body always reads the same: its {@code error} is fixed. */
    public interface FixedReason extends Reason {

        /** The body's {@code error}, exactly as the contract writes it. */
        String error();
    }

    /**
     * What the body says for one reason, held by the reason's constant ({@link BodyReason}); {@code null} for a part
     * the body leaves out.
     *
     * @param outcome   the kind of answer
     * @param error     the body's {@code error}, exactly as the contract writes it
     * @param errorType the body's {@code errorType}, {@code null} where the contract sends none
     * @param method    the body's {@code details.method}, {@code null} where the contract sends no details
     * @param message   the body's {@code message} of a 401, {@code null} where it is its {@code error}
     */
    public record Body(Outcome outcome, String error, String errorType, String method, String message) {

        public Body {
            Objects.requireNonNull(outcome, "outcome");
            Objects.requireNonNull(error, "error");
        }

        /** A body of this outcome saying only its {@code error}. */
        public static Body of(Outcome outcome, String error) {
            return new Body(outcome, error, null, null, null);
        }

        /** A 400 saying only its {@code error}. */
        public static Body invalid(String error) {
            return of(Outcome.INVALID, error);
        }

        /** This body with an {@code errorType}, or without one for {@code null}. */
        public Body withErrorType(String type) {
            return new Body(outcome, error, type, method, message);
        }

        /** This body naming the method in its {@code details}, or without details for {@code null}. */
        public Body withMethod(String name) {
            return new Body(outcome, error, errorType, name, message);
        }

        /** This body with a 401's {@code message}. */
        public Body withMessage(String text) {
            return new Body(outcome, error, errorType, method, text);
        }
    }

    /** A fixed reason whose constant holds its {@link Body}: the reason's parts are read from it. */
    public interface BodyReason extends FixedReason {

        /** What the body says. */
        Body body();

        @Override
        default Outcome outcome() {
            return body().outcome();
        }

        @Override
        default String error() {
            return body().error();
        }

        @Override
        default Optional<String> errorType() {
            return Optional.ofNullable(body().errorType());
        }

        @Override
        default Optional<String> method() {
            return Optional.ofNullable(body().method());
        }

        @Override
        default Optional<String> message() {
            return Optional.ofNullable(body().message());
        }

        /** The refusal to throw. */
        default Refusal refusal() {
            return new Refusal(this);
        }
    }

    private final Reason reason;
    private final String error;

    /** A refusal whose body's {@code error} is the reason's own. */
    public Refusal(FixedReason reason) {
        this(reason, reason.error(), reason.error());
    }

    /**
     * A refusal that says what is wrong: the body's {@code error} is the message, followed by the reason's
     * {@code errorType} in brackets where it has one ({@code "must have required property 'roomId' [invalid-params]"}).
     */
    public Refusal(Reason reason, String message) {
        this(reason, message, message + reason.errorType().map(type -> " [" + type + "]").orElse(""));
    }

    private Refusal(Reason reason, String message, String error) {
        super(message, null, false, false);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.error = error;
    }

    /** Why. */
    public Reason reason() {
        return reason;
    }

    /** The body's {@code error}, exactly as it is sent. */
    public String error() {
        return error;
    }
}
