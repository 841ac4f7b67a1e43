package dev.inquiries.web;

import java.time.Clock;
import java.util.Set;

import dev.inquiries.persistence.Database;
import dev.inquiries.persistence.queue.QueueHealthRepository;
import dev.inquiries.web.api.ConnectionFailureLog;
import dev.inquiries.web.api.ErrorResponses;
import dev.inquiries.web.api.RequestLimit;
import dev.inquiries.web.observe.AccessLog;
import dev.inquiries.web.observe.DatabaseReadinessCheck;
import dev.inquiries.web.observe.PoolMetrics;
import dev.inquiries.web.observe.QueueMetrics;
import dev.inquiries.web.observe.RequestIds;
import dev.inquiries.web.observe.RequestMetrics;
import dev.inquiries.web.page.QueuePage;
import io.helidon.http.DirectHandler;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.openapi.OpenApiFeature;
import io.helidon.service.registry.Services;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.DirectHandlers;
import io.helidon.webserver.observe.ObserveFeature;
import io.helidon.webserver.observe.health.HealthObserver;
import io.helidon.webserver.observe.metrics.MetricsObserver;

/**
 * Wires the web server: the API's routes, request ids, the one error mapping (for protocol errors as well
 * as for failures inside a route), and what operators watch: health and Prometheus metrics under
 * {@code /observe}, an access log line per request, the OpenAPI document at {@code /openapi}, and the queue
 * page at {@code /}. {@code serve} and the HTTP tests both configure the server here, around one
 * {@link InquiriesApplication}.
 */
public final class InquiriesServer {

    /** The mount point of Rocket.Chat's REST endpoints. */
    public static final String API = "/api/v1";

    /** The mount point of Rocket.Chat's livechat REST endpoints. */
    public static final String LIVECHAT_API = API + "/livechat";

    /** The streams' paths (the live queue's, the visitors' rooms'): the requests {@link RequestLimit} does not count. */
    static final Set<String> STREAM_PATHS = Set.of(LIVECHAT_API + "/inquiries.stream", LIVECHAT_API + "/room.stream");

    /** The hand-written OpenAPI document, on the class path; served at {@code /openapi}. */
    private static final String OPENAPI_DOCUMENT = "META-INF/openapi.yaml";

    private InquiriesServer() {
    }

    /**
     * Sets up the server to serve the {@link InquiriesApplication} made from these settings on this database:
     * {@code serve} and the HTTP tests alike, so that no setting can be left at its default by a caller that forgot
     * it. Streams are held open for long, so they do not count against the server's limit of concurrent requests
     * ({@code server.max-concurrent-requests}): the listener's limit is raised by {@code stream.limit}, and
     * {@link RequestLimit} holds every other request to the configured one.
     *
     * @return what to run when stopping begins, before {@code WebServer.stop()}: it ends the open streams, which
     *         would otherwise hold the server for its whole grace period
     */
    public static Runnable configure(WebServerConfig.Builder server, Database database, Settings settings) {
        InquiriesApplication application = new InquiriesApplication(database, settings);
        ErrorResponses errors = new ErrorResponses();
        ConnectionFailureLog.install();
        DirectHandlers.Builder directHandlers = DirectHandlers.builder();
        for (DirectHandler.EventType eventType : DirectHandler.EventType.values()) {
            directHandlers.addHandler(eventType, errors);
        }
        int requestLimit = server.maxConcurrentRequests();
        if (requestLimit > 0) {
            server.maxConcurrentRequests(requestLimit + application.streamLimit());
        }
        MeterRegistry meters = Services.get(MeterRegistry.class);
        PoolMetrics.register(meters, database);
        QueueMetrics queueMetrics = new QueueMetrics(new QueueHealthRepository(database, Clock.systemUTC()), meters,
                settings.observe().snapshotLimit());
        // Features are named here, not discovered from the class path, so that every server has exactly these.
        server.featuresDiscoverServices(false)
                .addFeature(ObserveFeature.builder()
                        .observersDiscoverServices(false)
                        .addObserver(HealthObserver.builder()
                                .useSystemServices(false)
                                .details(true)
                                .addCheck(DatabaseReadinessCheck.of(database))
                                .addCheck(queueMetrics.snapshotCheck())
                                .build())
                        .addObserver(MetricsObserver.builder().meterRegistry(meters).build())
                        .build())
                .addFeature(AccessLog.feature())
                .addFeature(OpenApiFeature.builder()
                        .servicesDiscoverServices(false)
                        .staticFile(OPENAPI_DOCUMENT)
                        .build())
                .directHandlers(directHandlers.build())
                .routing(routing -> {
                    routing.addFilter(new RequestIds())
                            .addFilter(new RequestLimit(requestLimit, STREAM_PATHS))
                            .addFilter(new RequestMetrics(meters))
                            .addFeature(queueMetrics)
                            .register(QueuePage.fromClassPath());
                    application.register(routing);
                    routing.error(Throwable.class, errors);
                });
        return application::beginStopping;
    }
}
