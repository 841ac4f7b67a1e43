package dev.inquiries.web.observe;

import java.time.Duration;

import dev.inquiries.persistence.Database.PoolStatistics;
import dev.inquiries.persistence.Database;
import io.helidon.health.HealthCheck;
import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;

/**
 * Readiness: whether the database answers through the pool within a bound short enough for a probe's
 * timeout. While it does not, {@code /observe/health/ready} answers 503 and requests would get 503 too.
 */
public final class DatabaseReadinessCheck implements HealthCheck {

    /** Below the one second Kubernetes gives a probe by default. */
    private static final Duration BOUND = Duration.ofMillis(500);

    private final Database database;

    public DatabaseReadinessCheck(Database database) {
        this.database = database;
    }

    @Override
    public HealthCheckType type() {
        return HealthCheckType.READINESS;
    }

    @Override
    public String name() {
        return "database";
    }

    @Override
    public HealthCheckResponse call() {
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
