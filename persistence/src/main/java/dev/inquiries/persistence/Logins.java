package dev.inquiries.persistence;

import java.time.Clock;
import java.util.Optional;

import dev.inquiries.domain.PasswordHasher;
import dev.inquiries.domain.Sha256;
import dev.inquiries.domain.login.LoginPolicy;
import dev.inquiries.domain.login.LoginRefusedException;
import dev.inquiries.domain.login.LoginRefusedException.Reason;
import dev.inquiries.domain.login.LoginRequest;
import dev.inquiries.persistence.LoginTokenRepository.IssuedToken;

/**
 * Signs users in: checks the blocks, then the password (or the token to resume), and issues a token. Every
 * refusal looks alike to the caller and costs alike: a name that does not exist is checked against a hash no
 * password matches, at the same bcrypt cost as a wrong password.
 */
public final class Logins {

    /** Keys longer than this are counted under their digest: an index entry must stay small. */
    private static final int MAX_KEY_LENGTH = 256;

    private final UserRepository users;
    private final LoginTokenRepository tokens;
    private final LoginBlocks blocks;
    private final Clock clock;

    public Logins(Database database, LoginTokenRepository tokens, LoginPolicy policy, Clock clock) {
        this.users = new UserRepository(database);
        this.tokens = tokens;
        this.blocks = new LoginBlocks(database, policy);
        this.clock = clock;
    }

    /**
     * A token for the login, made for a password login and the one given for a resume login.
     *
     * @param clientAddress the address failures are counted under
     * @throws LoginRefusedException when the login fails or is blocked
     */
    public IssuedToken login(LoginRequest request, String clientAddress) {
        String ipKey = key(clientAddress);
        return switch (request) {
            case LoginRequest.WithPassword password -> withPassword(password, ipKey);
            case LoginRequest.Resume resume -> resume(resume, ipKey);
        };
    }

    private IssuedToken withPassword(LoginRequest.WithPassword request, String ipKey) {
        String userKey = key(request.name().blockingKey());
        refuseIfBlocked(userKey, ipKey);
        Optional<UserRepository.StoredLogin> stored = PostgresText.canBeStored(request.name().value())
                ? users.findLogin(request.name())
                : Optional.empty();
        // Always one bcrypt check, against a hash nobody's password matches when there is no user.
        boolean matches = PasswordHasher.matches(request.password(), stored.map(UserRepository.StoredLogin::passwordHash)
                .orElse(null));
        if (!matches || !stored.get().active()) {
            blocks.recordFailure(userKey, ipKey, clock.instant());
            throw new LoginRefusedException(Reason.FAILED);
        }
        blocks.clear(userKey);
        return tokens.issue(stored.get().userId());
    }

    private IssuedToken resume(LoginRequest.Resume request, String ipKey) {
        refuseIfBlocked(null, ipKey);
        Optional<IssuedToken> resumed = tokens.resume(request.token());
        if (resumed.isEmpty()) {
            blocks.recordFailure(null, ipKey, clock.instant());
            throw new LoginRefusedException(Reason.FAILED);
        }
        return resumed.get();
    }

    private void refuseIfBlocked(String userKey, String ipKey) {
        blocks.blocked(userKey, ipKey, clock.instant()).ifPresent(reason -> {
            throw new LoginRefusedException(reason);
        });
    }

    /** Text as a key PostgreSQL can store and index: no NUL, and bounded. */
    private static String key(String text) {
        String storable = text.replace('\0', '\uFFFD');
        return storable.length() <= MAX_KEY_LENGTH ? storable : "sha256:" + Sha256.hex(storable);
    }
}
