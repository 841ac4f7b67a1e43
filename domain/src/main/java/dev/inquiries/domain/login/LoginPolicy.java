package dev.inquiries.domain.login;

import java.time.Duration;
import java.util.Objects;

/**
 * When repeated failed logins block a name or a client address (Rocket.Chat's
 * {@code Block_Multiple_Failed_Logins_*} settings): after {@code userFailures} failures for one submitted
 * name within {@code window}, that name is refused for {@code userBlock}; after {@code ipFailures} from one
 * address, that address is refused for {@code ipBlock}. A limit of 0 never blocks.
 *
 * @param userFailures failures of one name that block it
 * @param userBlock    how long a blocked name stays blocked
 * @param ipFailures   failures from one address that block it
 * @param ipBlock      how long a blocked address stays blocked
 * @param window       how far back failures count
 */
public record LoginPolicy(int userFailures, Duration userBlock, int ipFailures, Duration ipBlock, Duration window) {

    public LoginPolicy {
        if (userFailures < 0 || ipFailures < 0) {
            throw new IllegalArgumentException("failure limits are 0 (never block) or more");
        }
        Objects.requireNonNull(userBlock, "userBlock");
        Objects.requireNonNull(ipBlock, "ipBlock");
        Objects.requireNonNull(window, "window");
        if (userBlock.isNegative() || ipBlock.isNegative() || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("durations must be positive");
        }
    }
}
