package dev.inquiries.web;

import dev.inquiries.domain.Paging;
import dev.inquiries.persistence.Database;
import dev.inquiries.persistence.InquiryRepository;
import dev.inquiries.persistence.LoginTokenRepository;
import io.helidon.http.DirectHandler;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.DirectHandlers;
import io.helidon.webserver.http.HttpRouting;

import java.time.Duration;

/**
 * Wires the web server: the API's routes, request ids, and the one error mapping, for protocol errors
 * as well as for failures inside a route. {@code serve} and the HTTP tests both configure the server here.
 */
final class InquiriesServer {

    /** The mount point of Rocket.Chat's livechat REST endpoints. */
    static final String LIVECHAT_API = "/api/v1/livechat";

    private InquiriesServer() {
    }

    static void configure(WebServerConfig.Builder server, Database database, Paging paging, Duration tokenLifetime) {
        ErrorResponses errors = new ErrorResponses();
        DirectHandlers.Builder directHandlers = DirectHandlers.builder();
        for (DirectHandler.EventType eventType : DirectHandler.EventType.values()) {
            directHandlers.addHandler(eventType, errors);
        }
        LoginTokenRepository tokens = new LoginTokenRepository(database, tokenLifetime);
        InquiriesService inquiries = new InquiriesService(
                new Authenticator(tokens), new InquiryRepository(database, tokens), paging);
        server.directHandlers(directHandlers.build())
                .routing(routing -> routing(routing, inquiries, errors));
    }

    private static void routing(HttpRouting.Builder routing, InquiriesService inquiries, ErrorResponses errors) {
        routing.addFilter(new RequestIds())
                .register(LIVECHAT_API, inquiries)
                .error(Throwable.class, errors);
    }
}
