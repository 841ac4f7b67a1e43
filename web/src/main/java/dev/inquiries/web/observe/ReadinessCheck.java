package dev.inquiries.web.observe;

import java.util.function.Supplier;

import io.helidon.health.HealthCheck;
import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;

/**
 * A readiness check of {@code /observe/health}: its name there, and the response it gives, read when probed.
 *
 * @param name     the check's name (and path) in the health report
 * @param response what the check answers now
 */
record ReadinessCheck(String name, Supplier<HealthCheckResponse> response) implements HealthCheck {

    @Override
    public HealthCheckType type() {
        return HealthCheckType.READINESS;
    }

    @Override
    public HealthCheckResponse call() {
        return response.get();
    }
}
