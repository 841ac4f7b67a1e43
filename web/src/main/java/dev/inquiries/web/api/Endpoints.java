package dev.inquiries.web.api;

import java.util.List;
import java.util.stream.Collectors;

import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.HttpException;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.ServerResponse;

/** Registers endpoints so that a known path with another method answers 405, not 404, and answers their successes. */
final class Endpoints {

    private Endpoints() {
    }

    /** Serves the path with the handler for this method; any other method gets 405 with an {@code Allow} header. */
    static void only(HttpRules rules, Method method, String path, Handler handler) {
        only(rules, List.of(method), path, handler);
    }

    /** Serves the path with the handler for these methods; any other method gets 405 with an {@code Allow} header. */
    static void only(HttpRules rules, List<Method> methods, String path, Handler handler) {
        Header allow = HeaderValues.create(HeaderNames.ALLOW,
                methods.stream().map(Method::text).collect(Collectors.joining(", ")));
        for (Method method : methods) {
            rules.route(method, path, handler);
        }
        rules.any(path, (request, response) -> {
            throw new HttpException("Method Not Allowed", Status.METHOD_NOT_ALLOWED_405).header(allow);
        });
    }

    /** A 200 with a JSON body that no cache may reuse without asking. */
    static void sendJson(ServerResponse response, byte[] body) {
        response.status(Status.OK_200)
                .header(HeaderValues.CONTENT_TYPE_JSON)
                .header(HeaderValues.CACHE_NO_CACHE)
                .send(body);
    }
}
