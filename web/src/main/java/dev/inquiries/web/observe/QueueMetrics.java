package dev.inquiries.web.observe;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;

import dev.inquiries.persistence.DatabaseUnavailableException;
import dev.inquiries.persistence.queue.QueueHealthRepository;
import dev.inquiries.persistence.queue.QueueHealthRepository.DepartmentQueue;
import dev.inquiries.persistence.queue.QueueHealthRepository.QueueHealth;
import dev.inquiries.persistence.queue.QueueHealthRepository.TableRows;
import io.helidon.health.HealthCheck;
import io.helidon.health.HealthCheckResponse;
import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Tag;
import io.helidon.webserver.http.HttpFeature;
import io.helidon.webserver.http.HttpRouting;

/**
 * What an operator alerts on, as gauges under {@code /observe/metrics}, read from PostgreSQL every {@code REFRESH}
 * while the server runs (not on the scrape: a scrape never waits for the database):
 * <ul>
 *   <li>{@code inquiries_queue_queued{department}} and {@code inquiries_queue_oldest_wait_seconds{department}}: each
 *   queue's length and its oldest wait ({@code department="none"} for inquiries without one);</li>
 *   <li>{@code inquiries_db_snapshot_age_seconds} and {@code inquiries_db_snapshot_age_transactions}: the oldest
 *   snapshot holding back the cleanup of dead rows (a long report, a standby's feedback, a slot);</li>
 *   <li>{@code inquiries_db_dead_rows_share{table}}: the dead share of each of the queue's tables.</li>
 * </ul>
 * Its health check ({@code snapshots}, in {@code /observe/health}) says {@code degraded} in its details, while staying
 * UP, when that snapshot is older than {@code observe.snapshot.limit}: the queue slows down, it is not down.
 */
public final class QueueMetrics implements HttpFeature {

    private static final Logger LOG = System.getLogger(QueueMetrics.class.getName());
    private static final Duration REFRESH = Duration.ofSeconds(10);
    private static final String QUEUED = "inquiries.queue.queued";
    private static final String OLDEST_WAIT = "inquiries.queue.oldest.wait.seconds";
    private static final String DEAD_SHARE = "inquiries.db.dead.rows.share";

    private final QueueHealthRepository repository;
    private final MeterRegistry registry;
    private final Duration snapshotLimit;
    /** The departments and tables whose gauges are registered; only the refresher's thread. */
    private final Set<String> registered = new HashSet<>();
    private volatile Optional<QueueHealth> latest = Optional.empty();
    private volatile Thread refresher;

    public QueueMetrics(QueueHealthRepository repository, MeterRegistry registry, Duration snapshotLimit) {
        this.repository = repository;
        this.registry = registry;
        this.snapshotLimit = snapshotLimit;
    }

    @Override
    public void setup(HttpRouting.Builder routing) {
        // No routes: the gauges are served by the metrics observer, the check by the health observer.
    }

    @Override
    public void beforeStart() {
        remove(name -> name.startsWith("inquiries.queue.") || name.startsWith("inquiries.db."));
        gauge("inquiries.db.snapshot.age.seconds", "How long the oldest snapshot holding back cleanup has been held",
                List.of(), health -> health.oldest().age().toMillis() / 1000.0);
        gauge("inquiries.db.snapshot.age.transactions", "How many transactions the oldest snapshot holding back cleanup "
                + "is behind", List.of(), health -> health.oldest().transactions());
        refresher = Thread.ofVirtual().name("inquiries-queue-metrics").start(this::refreshEvery);
    }

    @Override
    public void afterStop() {
        Thread running = refresher;
        if (running != null) {
            running.interrupt();
        }
    }

    /** The check of the oldest snapshot, read when probed. */
    public HealthCheck snapshotCheck() {
        return new ReadinessCheck("snapshots", () -> {
            HealthCheckResponse.Builder response = HealthCheckResponse.builder().status(true);
            latest.ifPresent(health -> response
                    .detail("degraded", health.oldest().age().compareTo(snapshotLimit) > 0)
                    .detail("oldestSnapshotSeconds", health.oldest().age().toSeconds())
                    .detail("limitSeconds", snapshotLimit.toSeconds()));
            return response.build();
        });
    }

    private void refreshEvery() {
        while (!Thread.currentThread().isInterrupted()) {
            refresh();
            try {
                Thread.sleep(REFRESH);
            } catch (InterruptedException stopping) {
                return;
            }
        }
    }

    /** Reads the health once and registers the gauges of departments seen for the first time. */
    void refresh() {
        try {
            QueueHealth health = repository.read();
            latest = Optional.of(health);
            for (DepartmentQueue queue : health.departments()) {
                if (registered.add("department:" + queue.departmentId())) {
                    List<Tag> tags = List.of(Tag.create("department", queue.departmentId().isEmpty() ? "none"
                            : queue.departmentId()));
                    String id = queue.departmentId();
                    gauge(QUEUED, "Inquiries waiting in the department's queue", tags,
                            read -> department(read, id).map(DepartmentQueue::queued).orElse(0L));
                    gauge(OLDEST_WAIT, "How long the department's oldest queued inquiry has waited", tags,
                            read -> department(read, id).flatMap(DepartmentQueue::oldestWait)
                                    .map(wait -> wait.toMillis() / 1000.0).orElse(0.0));
                }
            }
            for (TableRows table : health.tables()) {
                if (registered.add("table:" + table.table())) {
                    String name = table.table();
                    gauge(DEAD_SHARE, "Dead rows as a share of all rows of one of the queue's tables",
                            List.of(Tag.create("table", name)),
                            read -> read.tables().stream().filter(rows -> rows.table().equals(name))
                                    .mapToDouble(TableRows::deadShare).findFirst().orElse(0));
                }
            }
        } catch (DatabaseUnavailableException unavailable) {
            LOG.log(Level.DEBUG, "The queue's health could not be read now; the gauges keep their last values");
        } catch (RuntimeException failure) {
            // The cause's class, not its message: driver text may name hosts or values.
            LOG.log(Level.WARNING, "The queue's health could not be read (" + failure.getClass().getSimpleName()
                    + "); the gauges keep their last values");
        }
    }

    private static Optional<DepartmentQueue> department(QueueHealth health, String id) {
        return health.departments().stream().filter(queue -> queue.departmentId().equals(id)).findFirst();
    }

    private void gauge(String name, String description, List<Tag> tags, ToDoubleFunction<QueueHealth> value) {
        registry.getOrCreate(Gauge.builder(name, () -> latest.map(value::applyAsDouble).orElse(0.0))
                .description(description)
                .tags(tags));
    }

    private void remove(Predicate<String> names) {
        registry.meters(meter -> names.test(meter.id().name())).forEach(registry::remove);
    }
}
