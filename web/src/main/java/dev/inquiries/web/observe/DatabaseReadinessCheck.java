package dev.inquiries.web.observe;

import java.time.Duration;

import dev.inquiries.persistence.Database.PoolStatistics;
import dev.inquiries.persistence.Database;
import io.helidon.health.HealthCheck;
import io.helidon.health.HealthCheckResponse;

/**
 * Readiness: whether the database answers through the pool within a bound short enough for a probe's
 * timeout. While it does not, {@code /observe/health/ready} answers 503 and requests would get 503 too.
 */
public final class DatabaseReadinessCheck {

    /** Below the one second Kubernetes gives a probe by default. */
    private static final Duration BOUND = Duration.ofMillis(500);

    private DatabaseReadinessCheck() {
    }

    /** The check {@code database} of the database behind the pool. */
    public static HealthCheck of(Database database) {
        return new ReadinessCheck("database", () -> response(database));
    }

    private static HealthCheckResponse response(Database database) {
        boolean reachable = database.isReachable(BOUND);
        PoolStatistics pool = database.poolStatistics();
        return HealthCheckResponse.builder()
                .status(reachable)
                .detail("activeConnections", pool.active())
                .detail("idleConnections", pool.idle())
                .detail("waitingRequests", pool.waiting())
                .build();
    }
}
