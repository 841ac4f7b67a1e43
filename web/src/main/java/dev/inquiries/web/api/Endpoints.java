package dev.inquiries.web.api;

import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.HttpException;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRules;

/** Registers endpoints so that a known path with another method answers 405, not 404. */
final class Endpoints {

    private Endpoints() {
    }

    /** Serves the path with the handler for this method; any other method gets 405 with an {@code Allow} header. */
    static void only(HttpRules rules, Method method, String path, Handler handler) {
        Header allow = HeaderValues.create(HeaderNames.ALLOW, method.text());
        rules.route(method, path, handler)
                .any(path, (request, response) -> {
                    throw new HttpException("Method Not Allowed", Status.METHOD_NOT_ALLOWED_405).header(allow);
                });
    }
}
