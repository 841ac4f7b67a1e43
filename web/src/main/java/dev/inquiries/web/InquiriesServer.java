package dev.inquiries.web;

import dev.inquiries.domain.Paging;
import dev.inquiries.persistence.Database;
import dev.inquiries.persistence.AgentRepository;
import dev.inquiries.persistence.DepartmentRepository;
import dev.inquiries.persistence.LoginTokenRepository;
import dev.inquiries.persistence.Logins;
import dev.inquiries.persistence.UserRepository;
import dev.inquiries.persistence.queue.AgentQueueRepository;
import dev.inquiries.persistence.queue.InquiryRepository;
import dev.inquiries.persistence.queue.QueueChangeFeed;
import dev.inquiries.web.Settings.SignInSettings;
import dev.inquiries.web.Settings.StreamSettings;
import dev.inquiries.web.api.Authenticator;
import dev.inquiries.web.api.ConnectionFailureLog;
import dev.inquiries.web.api.ErrorResponses;
import dev.inquiries.web.api.AgentsService;
import dev.inquiries.web.api.DepartmentsService;
import dev.inquiries.web.api.InquiriesService;
import dev.inquiries.web.api.RequestLimit;
import dev.inquiries.web.api.SignInService;
import dev.inquiries.web.api.StreamService;
import dev.inquiries.web.observe.AccessLog;
import dev.inquiries.web.observe.DatabaseReadinessCheck;
import dev.inquiries.web.observe.PoolMetrics;
import dev.inquiries.web.observe.RequestIds;
import dev.inquiries.web.observe.RequestMetrics;
import dev.inquiries.web.page.QueuePage;
import io.helidon.http.DirectHandler;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.openapi.OpenApiFeature;
import io.helidon.service.registry.Services;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.DirectHandlers;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.observe.ObserveFeature;
import io.helidon.webserver.observe.health.HealthObserver;
import io.helidon.webserver.observe.metrics.MetricsObserver;

import java.time.Clock;
import java.time.Duration;

/**
 * Wires the web server: the API's routes, request ids, the one error mapping (for protocol errors as well
 * as for failures inside a route), and what operators watch: health and Prometheus metrics under
 * {@code /observe}, an access log line per request, the OpenAPI document at {@code /openapi}, and the queue
 * page at {@code /}.
 * {@code serve} and the HTTP tests both configure the server here.
 */
public final class InquiriesServer {

    /** The mount point of Rocket.Chat's REST endpoints. */
    public static final String API = "/api/v1";

    /** The mount point of Rocket.Chat's livechat REST endpoints. */
    public static final String LIVECHAT_API = API + "/livechat";

    /** The live queue's path: the one kind of request {@link RequestLimit} does not count. */
    static final String STREAM_PATH = LIVECHAT_API + "/inquiries.stream";

    /** The hand-written OpenAPI document, on the class path; served at {@code /openapi}. */
    private static final String OPENAPI_DOCUMENT = "META-INF/openapi.yaml";

    private InquiriesServer() {
    }

    /** The server as the tests make it, with the sign-in settings of {@code application.yaml}. */
    public static void configure(WebServerConfig.Builder server, Database database, Paging paging, Duration tokenLifetime) {
        configure(server, database, paging, tokenLifetime, Settings.defaults().signIn());
    }

    /** The server with these sign-in settings and the stream settings of {@code application.yaml}. */
    public static void configure(WebServerConfig.Builder server, Database database, Paging paging, Duration tokenLifetime,
                                 SignInSettings signInSettings) {
        configure(server, database, paging, tokenLifetime, signInSettings, Settings.defaults().stream());
    }

    /**
     * The server as {@code serve} makes it, from every setting of the configuration: the one way to make it
     * from {@link Settings}, so that no setting can be left at its default by a caller that forgot to pass it.
     *
     * @return what to run when stopping begins, before {@code WebServer.stop()}: it ends the open streams, which
     *         would otherwise hold the server for its whole grace period
     */
    public static Runnable configure(WebServerConfig.Builder server, Database database, Settings settings) {
        return configure(server, database, settings.paging(), settings.tokenLifetime(), settings.signIn(),
                settings.stream());
    }

    /**
     * The server with these settings (tests pass each one they vary). Streams are held open for long, so they
     * do not count against the server's limit of concurrent requests ({@code server.max-concurrent-requests}):
     * the listener's limit is raised by {@code stream.limit}, and {@link RequestLimit} holds every other request
     * to the configured one.
     *
     * @return what to run when stopping begins, before {@code WebServer.stop()}: it ends the open streams
     */
    public static Runnable configure(WebServerConfig.Builder server, Database database, Paging paging,
                                     Duration tokenLifetime, SignInSettings signInSettings,
                                     StreamSettings streamSettings) {
        ErrorResponses errors = new ErrorResponses();
        ConnectionFailureLog.install();
        DirectHandlers.Builder directHandlers = DirectHandlers.builder();
        for (DirectHandler.EventType eventType : DirectHandler.EventType.values()) {
            directHandlers.addHandler(eventType, errors);
        }
        LoginTokenRepository tokens = new LoginTokenRepository(database, tokenLifetime);
        Authenticator authenticator = new Authenticator(tokens);
        InquiriesService inquiries = new InquiriesService(authenticator, new InquiryRepository(database, tokens),
                new AgentQueueRepository(database, tokens), paging);
        DepartmentsService departments = new DepartmentsService(authenticator, new DepartmentRepository(database), paging);
        AgentsService agents = new AgentsService(authenticator, new AgentRepository(database));
        SignInService signIn = new SignInService(authenticator,
                new Logins(database, tokens, signInSettings.policy(), Clock.systemUTC()), tokens,
                new UserRepository(database), signInSettings.trustProxy());
        StreamService stream = new StreamService(authenticator,
                new QueueChangeFeed(database, streamSettings.keep(), streamSettings.poll(), tokenLifetime),
                streamSettings.limit(), streamSettings.heartbeat(), streamSettings.buffer());
        int requestLimit = server.maxConcurrentRequests();
        if (requestLimit > 0) {
            server.maxConcurrentRequests(requestLimit + streamSettings.limit());
        }
        MeterRegistry meters = Services.get(MeterRegistry.class);
        PoolMetrics.register(meters, database);
        // Features are named here, not discovered from the class path, so that every server has exactly these.
        server.featuresDiscoverServices(false)
                .addFeature(ObserveFeature.builder()
                        .observersDiscoverServices(false)
                        .addObserver(HealthObserver.builder()
                                .useSystemServices(false)
                                .details(true)
                                .addCheck(new DatabaseReadinessCheck(database))
                                .build())
                        .addObserver(MetricsObserver.builder().meterRegistry(meters).build())
                        .build())
                .addFeature(AccessLog.feature())
                .addFeature(OpenApiFeature.builder()
                        .servicesDiscoverServices(false)
                        .staticFile(OPENAPI_DOCUMENT)
                        .build())
                .directHandlers(directHandlers.build())
                .routing(routing -> routing(routing, new RequestLimit(requestLimit, STREAM_PATH), signIn,
                        QueuePage.fromClassPath(), errors, meters, inquiries, departments, agents, stream));
        return stream::stopStreams;
    }

    private static void routing(HttpRouting.Builder routing, RequestLimit requestLimit, SignInService signIn,
                                QueuePage page, ErrorResponses errors, MeterRegistry meters, HttpService... livechat) {
        routing.addFilter(new RequestIds())
                .addFilter(requestLimit)
                .addFilter(new RequestMetrics(meters))
                .register(page)
                .register(API, signIn)
                .register(LIVECHAT_API, livechat)
                .error(Throwable.class, errors);
    }
}
