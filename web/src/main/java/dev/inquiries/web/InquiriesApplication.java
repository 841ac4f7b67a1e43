package dev.inquiries.web;

import java.time.Clock;

import dev.inquiries.persistence.queue.AgentQueueRepository;
import dev.inquiries.persistence.AgentRepository;
import dev.inquiries.persistence.queue.ChangeFollower;
import dev.inquiries.persistence.Database;
import dev.inquiries.persistence.DepartmentRepository;
import dev.inquiries.persistence.queue.InquiryRepository;
import dev.inquiries.persistence.LoginTokenRepository;
import dev.inquiries.persistence.RequestCounts;
import dev.inquiries.persistence.RoutingRepository;
import dev.inquiries.persistence.Logins;
import dev.inquiries.persistence.PermissionRepository;
import dev.inquiries.persistence.queue.QueueChangeFeed;
import dev.inquiries.persistence.queue.QueueHeadAdvancer;
import dev.inquiries.persistence.queue.QueueWaitLimit;
import dev.inquiries.persistence.queue.RoomStreamFeed;
import dev.inquiries.persistence.UserRepository;
import dev.inquiries.persistence.chat.ChatIntake;
import dev.inquiries.persistence.chat.ChatMoves;
import dev.inquiries.persistence.chat.RoomList;
import dev.inquiries.persistence.chat.VisitorRepository;
import dev.inquiries.persistence.ordering.PriorityRepository;
import dev.inquiries.persistence.ordering.SlaRepository;
import dev.inquiries.persistence.queue.InquiryOrdering;
import dev.inquiries.web.Settings.SignInSettings;
import dev.inquiries.web.Settings.StreamSettings;
import dev.inquiries.web.Settings.VisitorSettings;
import dev.inquiries.web.api.AgentsService;
import dev.inquiries.web.api.Authenticator;
import dev.inquiries.web.api.ChatsService;
import dev.inquiries.web.api.ClientAddress;
import dev.inquiries.web.api.DepartmentsService;
import dev.inquiries.web.api.DeskOrder;
import dev.inquiries.web.api.InquiriesService;
import dev.inquiries.web.api.LiveFeed;
import dev.inquiries.web.api.OrderingService;
import dev.inquiries.web.api.PermissionsService;
import dev.inquiries.web.api.RateLimits;
import dev.inquiries.web.api.RoomStreamService;
import dev.inquiries.web.api.SignInService;
import dev.inquiries.web.api.StreamService;
import dev.inquiries.web.api.VisitorsService;
import io.helidon.webserver.http.HttpRouting;

/**
 * The service as one object, made from every setting of {@link Settings} and a database: the repositories, the HTTP
 * services that serve them under {@link InquiriesServer#API}, and what stopping begins with. {@link InquiriesServer}
 * puts it on a web server. A new endpoint is a route in one of the services (or a service added here), never a new
 * way to build the server.
 */
final class InquiriesApplication {

    private final SignInService signIn;
    private final PermissionsService permissions;
    private final InquiriesService inquiries;
    private final DepartmentsService departments;
    private final AgentsService agents;
    private final ChatsService chats;
    private final OrderingService ordering;
    private final StreamService stream;
    private final VisitorsService visitors;
    private final RoomStreamService rooms;
    private final ChangeFollower follower;
    private final int streamLimit;
    /** The visitor endpoints' rate limits ({@code api.visitors.rate.*}), for their service to guard them with. */
    private final RateLimits visitorLimits;

    /** The service with these settings on this database (which its caller opens and closes). */
    InquiriesApplication(Database database, Settings settings) {
        LoginTokenRepository tokens = new LoginTokenRepository(database, settings.tokenLifetime());
        Authenticator authenticator = new Authenticator(tokens);
        SignInSettings signInSettings = settings.signIn();
        StreamSettings streamSettings = settings.stream();
        VisitorSettings visitorSettings = settings.visitors();
        ClientAddress clientAddress = new ClientAddress(signInSettings.trustProxy());
        this.signIn = new SignInService(authenticator,
                new Logins(database, tokens, signInSettings.policy(), Clock.systemUTC()), tokens,
                new UserRepository(database), clientAddress);
        this.visitorLimits = new RateLimits(new RequestCounts(database, visitorSettings.rateWindow()),
                visitorSettings.rateLimit(), visitorSettings.rateWindow(), clientAddress, Clock.systemUTC());
        this.permissions = new PermissionsService(authenticator, new PermissionRepository(database));
        this.inquiries = new InquiriesService(authenticator, new InquiryRepository(database, tokens),
                new AgentQueueRepository(database, tokens), settings.paging(),
                settings.pageCache(), new DeskOrder(new RoutingRepository(database)));
        this.departments = new DepartmentsService(authenticator, new DepartmentRepository(database), settings.paging());
        this.agents = new AgentsService(authenticator, new AgentRepository(database),
                new RoutingRepository(database), settings.paging());
        this.chats = new ChatsService(authenticator, new ChatMoves(database),
                new RoomList(database), settings.paging(), settings.chats().commentRequiredOnClose());
        this.ordering = new OrderingService(authenticator, new PriorityRepository(database), new SlaRepository(database),
                new InquiryOrdering(database), settings.paging());
        this.follower = new ChangeFollower(database, streamSettings.keep(), streamSettings.poll());
        // Registers with the follower, which starts and stops it: the heads oldest-first reads start from (V31).
        new QueueHeadAdvancer(follower);
        // Likewise: closes chats that waited longer than the desk's limit (Livechat_max_queue_wait_time).
        new QueueWaitLimit(follower);
        this.stream = new StreamService(authenticator, new QueueChangeFeed(follower, settings.tokenLifetime()),
                streamSettings.limit(), streamSettings.heartbeat(), streamSettings.buffer());
        this.streamLimit = streamSettings.limit() + settings.rooms().limit();
        ChatIntake intake = new ChatIntake(database, settings.intake().acceptWithoutAgents(), visitorSettings.queueCap());
        this.visitors = new VisitorsService(new VisitorRepository(database), intake, visitorLimits,
                settings.intake().waitingMessage());
        // Registers with the follower too: the visitors' room streams (their spots, their agent, their end).
        this.rooms = new RoomStreamService(intake, new RoomStreamFeed(follower), clientAddress, settings.rooms().limit(),
                settings.rooms().perAddress(), streamSettings.heartbeat(), streamSettings.buffer(),
                settings.intake().waitingMessage());
    }

    /**
     * Registers the API (signing in and the grants of permissions under {@code /api/v1}, the livechat services under
     * {@code /api/v1/livechat}, the visitors' among them) and the live feed its streams read, started and stopped with
     * the server.
     */
    void register(HttpRouting.Builder routing) {
        routing.addFeature(new LiveFeed(follower))
                .register(InquiriesServer.API, signIn, permissions)
                .register(InquiriesServer.LIVECHAT_API, inquiries, departments, agents, chats, ordering, stream,
                        visitors, rooms);
    }

    /** The visitor endpoints' rate limits: {@code visitorLimits().guard("livechat/visitor", handler)}. */
    RateLimits visitorLimits() {
        return visitorLimits;
    }

    /**
     * How many streams (live queue and room streams) may be open at once; they do not count against the server's
     * limit of requests.
     */
    int streamLimit() {
        return streamLimit;
    }

    /**
     * Ends every open live stream, and every one opened from now on at once: run it when stopping begins, before
     * {@code WebServer.stop()}, so that streams do not hold the server for its whole grace period.
     */
    void beginStopping() {
        follower.stopStreams();
    }
}
