package dev.inquiries.web.observe;

import java.util.function.ToIntFunction;

import dev.inquiries.persistence.Database.PoolStatistics;
import dev.inquiries.persistence.Database;
import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.MeterRegistry;

/**
 * Gauges of the connection pool, read when scraped: {@code db.pool.connections.active}, {@code .idle},
 * {@code .waiting} (requests waiting for a connection), {@code .total} and {@code .max}. The registry is
 * the process's; registering again (a second server in one JVM, as tests make) points the gauges at the
 * newer pool.
 */
public final class PoolMetrics {

    private PoolMetrics() {
    }

    public static void register(MeterRegistry registry, Database database) {
        gauge(registry, database, "active", "Connections in use by a request", PoolStatistics::active);
        gauge(registry, database, "idle", "Open connections free for a request", PoolStatistics::idle);
        gauge(registry, database, "waiting", "Requests waiting for a connection", PoolStatistics::waiting);
        gauge(registry, database, "total", "Open connections", PoolStatistics::total);
        gauge(registry, database, "max", "The most connections the pool opens (DB_POOL_SIZE)", PoolStatistics::max);
    }

    private static void gauge(MeterRegistry registry, Database database, String name, String description,
                              ToIntFunction<PoolStatistics> statistic) {
        String fullName = "db.pool.connections." + name;
        registry.meters(meter -> meter.id().name().equals(fullName)).forEach(registry::remove);
        registry.getOrCreate(Gauge.builder(fullName, () -> statistic.applyAsInt(database.poolStatistics()))
                .description(description));
    }
}
