package dev.inquiries.web.page;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.HttpException;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerResponse;

/**
 * The queue page a support desk opens in a browser: {@code index.html}, {@code app.css} and its script as ES
 * modules ({@code app.js}, the entry, and the modules it imports) from {@code page/} on the class path, mounted
 * at {@code /}; and the visitor's page, {@code visitor.html} at {@code /visitor} with its entry {@code visitor.js},
 * which starts a chat without user headers. A fixed list of files rather than a directory, so that no request path ever reaches the class
 * loader, and every other path stays the API's JSON 404. Each file goes out with a policy that allows only the
 * page's own script, style and API ({@code Content-Security-Policy}), never inside a frame, with no referrer.
 *
 * <pre>
 * curl -i http://localhost:3000/
 * curl -i http://localhost:3000/visitor
 * </pre>
 */
public final class QueuePage implements HttpService {

    /** The policy of every file of the page: only its own files and its own API, no inline code, no frames. */
    public static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "connect-src 'self'; img-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    private static final String ROOT = "page/";
    /** The script's modules: the entries {@code app.js} (the desk) and {@code visitor.js}, then what they import. */
    private static final List<String> MODULES = List.of("app.js", "visitor.js", "api.js", "messages.js", "stream.js",
            "queue.js", "chats.js", "loads.js", "tables.js");
    private static final List<Header> SECURITY_HEADERS = List.of(
            HeaderValues.create(HeaderNames.create("Content-Security-Policy"), CONTENT_SECURITY_POLICY),
            HeaderValues.create(HeaderNames.create("X-Frame-Options"), "DENY"),
            HeaderValues.create(HeaderNames.create("X-Content-Type-Options"), "nosniff"),
            HeaderValues.create(HeaderNames.create("Referrer-Policy"), "no-referrer"),
            // The page is small and changes with the service: always revalidate, never serve a stale script.
            HeaderValues.create(HeaderNames.CACHE_CONTROL, "no-cache"));

    /** One file of the page, read once at start-up. */
    private record PageFile(String path, String contentType, byte[] content) {
    }

    private final List<PageFile> files;

    private QueuePage(List<PageFile> files) {
        this.files = files;
    }

    /** The page as the service ships it, in {@code page/} on the class path. */
    public static QueuePage fromClassPath() {
        List<PageFile> files = new ArrayList<>();
        files.add(file("/", "index.html", "text/html; charset=UTF-8"));
        files.add(file("/visitor", "visitor.html", "text/html; charset=UTF-8"));
        files.add(file("/app.css", "app.css", "text/css; charset=UTF-8"));
        MODULES.forEach(module -> files.add(file("/" + module, module, "text/javascript; charset=UTF-8")));
        return new QueuePage(List.copyOf(files));
    }

    @Override
    public void routing(HttpRules rules) {
        Header allow = HeaderValues.create(HeaderNames.ALLOW, Method.GET.text());
        for (PageFile file : files) {
            rules.get(file.path(), (request, response) -> send(response, file));
            rules.any(file.path(), (request, response) -> {
                throw new HttpException("Method Not Allowed", Status.METHOD_NOT_ALLOWED_405).header(allow);
            });
        }
    }

    private static void send(ServerResponse response, PageFile file) {
        SECURITY_HEADERS.forEach(response::header);
        response.status(Status.OK_200)
                .header(HeaderNames.CONTENT_TYPE, file.contentType())
                .send(file.content());
    }

    private static PageFile file(String path, String name, String contentType) {
        try (InputStream in = QueuePage.class.getClassLoader().getResourceAsStream(ROOT + name)) {
            if (in == null) {
                throw new IllegalStateException("The queue page's " + ROOT + name + " is missing from the class path");
            }
            return new PageFile(path, contentType, in.readAllBytes());
        } catch (IOException failure) {
            throw new UncheckedIOException(failure);
        }
    }
}
