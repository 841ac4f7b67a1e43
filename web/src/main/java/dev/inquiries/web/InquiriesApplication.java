package dev.inquiries.web;

import java.time.Clock;

import dev.inquiries.persistence.queue.AgentQueueRepository;
import dev.inquiries.persistence.AgentRepository;
import dev.inquiries.persistence.queue.ChangeFollower;
import dev.inquiries.persistence.Database;
import dev.inquiries.persistence.DepartmentRepository;
import dev.inquiries.persistence.queue.InquiryRepository;
import dev.inquiries.persistence.LoginTokenRepository;
import dev.inquiries.persistence.Logins;
import dev.inquiries.persistence.queue.QueueChangeFeed;
import dev.inquiries.persistence.queue.QueueHeadAdvancer;
import dev.inquiries.persistence.UserRepository;
import dev.inquiries.web.Settings.SignInSettings;
import dev.inquiries.web.Settings.StreamSettings;
import dev.inquiries.web.api.AgentsService;
import dev.inquiries.web.api.Authenticator;
import dev.inquiries.web.api.DepartmentsService;
import dev.inquiries.web.api.InquiriesService;
import dev.inquiries.web.api.LiveFeed;
import dev.inquiries.web.api.SignInService;
import dev.inquiries.web.api.StreamService;
import io.helidon.webserver.http.HttpRouting;

/**
 * The service as one object, made from every setting of {@link Settings} and a database: the repositories, the HTTP
 * services that serve them under {@link InquiriesServer#API}, and what stopping begins with. {@link InquiriesServer}
 * puts it on a web server. A new endpoint is a route in one of the services (or a service added here), never a new
 * way to build the server.
 */
final class InquiriesApplication {

    private final SignInService signIn;
    private final InquiriesService inquiries;
    private final DepartmentsService departments;
    private final AgentsService agents;
    private final StreamService stream;
    private final ChangeFollower follower;
    private final int streamLimit;

    /** The service with these settings on this database (which its caller opens and closes). */
    InquiriesApplication(Database database, Settings settings) {
        LoginTokenRepository tokens = new LoginTokenRepository(database, settings.tokenLifetime());
        Authenticator authenticator = new Authenticator(tokens);
        SignInSettings signInSettings = settings.signIn();
        StreamSettings streamSettings = settings.stream();
        this.signIn = new SignInService(authenticator,
                new Logins(database, tokens, signInSettings.policy(), Clock.systemUTC()), tokens,
                new UserRepository(database), signInSettings.trustProxy());
        this.inquiries = new InquiriesService(authenticator, new InquiryRepository(database, tokens),
                new AgentQueueRepository(database, tokens), settings.paging(),
                settings.pageCache());
        this.departments = new DepartmentsService(authenticator, new DepartmentRepository(database), settings.paging());
        this.agents = new AgentsService(authenticator, new AgentRepository(database));
        this.follower = new ChangeFollower(database, streamSettings.keep(), streamSettings.poll());
        // Registers with the follower, which starts and stops it: the heads oldest-first reads start from (V31).
        new QueueHeadAdvancer(follower);
        this.stream = new StreamService(authenticator, new QueueChangeFeed(follower, settings.tokenLifetime()),
                streamSettings.limit(), streamSettings.heartbeat(), streamSettings.buffer());
        this.streamLimit = streamSettings.limit();
    }

    /**
     * Registers the API (signing in under {@code /api/v1}, the livechat services under {@code /api/v1/livechat}) and
     * the live feed its streams read, started and stopped with the server.
     */
    void register(HttpRouting.Builder routing) {
        routing.addFeature(new LiveFeed(follower))
                .register(InquiriesServer.API, signIn)
                .register(InquiriesServer.LIVECHAT_API, inquiries, departments, agents, stream);
    }

    /** How many live streams may be open at once; they do not count against the server's limit of requests. */
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
