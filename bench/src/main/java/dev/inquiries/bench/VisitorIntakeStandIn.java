package dev.inquiries.bench;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.inquiries.domain.RandomIds;
import dev.inquiries.persistence.Database;
import dev.inquiries.persistence.DatabaseSettings;
import dev.inquiries.persistence.RequestCounts;
import dev.inquiries.web.Settings;
import dev.inquiries.web.Settings.VisitorSettings;
import dev.inquiries.web.api.ClientAddress;
import dev.inquiries.web.api.RateLimits;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * A stand-in for the visitor endpoints while they are not on this build (run by {@code bench/flood.sh}; not the
 * service): {@code POST /api/v1/livechat/visitor} and {@code GET /api/v1/livechat/room?token=T} behind the service's own
 * {@link RateLimits} and settings ({@code api.visitors.*}, {@code DB_URL}), the first upserting a visitor by its
 * token, the second inserting its inquiry with the intake's shape, {@code INSERT ... SELECT ...
 * WHERE department_queue_has_room(...)}, or answering {@code no-agent-online}. Bodies are abridged: the flood counts
 * statuses. Prints {@code Serving on port N} when it listens.
 */
public final class VisitorIntakeStandIn {

    private static final byte[] NO_AGENT = ("{\"success\":false,\"error\":\"Sorry, no online agents [no-agent-online]\","
            + "\"errorType\":\"no-agent-online\"}").getBytes(StandardCharsets.UTF_8);

    /** The visitor's token in the body the flood sends, {@code {"visitor":{"token":"..."}}}: no JSON parser needed. */
    private static final Pattern TOKEN = Pattern.compile("\"token\"\\s*:\\s*\"([A-Za-z0-9-]{1,64})\"");

    private final Database database;
    private final int queueCap;

    private VisitorIntakeStandIn(Database database, int queueCap) {
        this.database = database;
        this.queueCap = queueCap;
    }

    public static void main(String[] args) {
        Settings settings = Settings.load();
        DatabaseSettings databaseSettings = settings.database().existing()
                .orElseThrow(() -> new IllegalStateException("DB_URL must name the benchmark's database"));
        Database database = Database.connect(databaseSettings);
        database.migrate();
        VisitorSettings visitors = settings.visitors();
        RateLimits limits = new RateLimits(new RequestCounts(database, visitors.rateWindow()), visitors.rateLimit(),
                visitors.rateWindow(), new ClientAddress(settings.signIn().trustProxy()), Clock.systemUTC());
        VisitorIntakeStandIn intake = new VisitorIntakeStandIn(database, visitors.queueCap());
        WebServer server = WebServer.builder()
                .host("127.0.0.1")
                .port(0)
                .routing(routing -> routing
                        .post("/api/v1/livechat/visitor", limits.guard("livechat/visitor", intake::visitor))
                        .get("/api/v1/livechat/room", limits.guard("livechat/room", intake::room)))
                .build()
                .start();
        System.out.println("Serving on port " + server.port());
    }

    private void visitor(ServerRequest request, ServerResponse response) {
        Matcher given = TOKEN.matcher(request.content().as(String.class));
        String token = given.find() ? given.group(1) : "";
        database.withHandle(handle -> handle.createUpdate("""
                        INSERT INTO visitors (id, token, username) VALUES (:id, :token, 'guest-' || :id)
                        ON CONFLICT (token) DO NOTHING""")
                .bind("id", RandomIds.next())
                .bind("token", token)
                .execute());
        send(response, Status.OK_200, "{\"visitor\":{\"token\":\"" + token + "\"},\"success\":true}");
    }

    private void room(ServerRequest request, ServerResponse response) {
        String token = request.query().first("token").orElse("");
        String id = RandomIds.next();
        Optional<String> room = database.withHandle(handle -> handle.createQuery("""
                        INSERT INTO inquiries (id, rid, name, ts, status, visitor_id)
                        SELECT :id, :id, v.username, now(), 'queued', v.id
                          FROM visitors AS v
                         WHERE v.token = :token
                           AND department_queue_has_room('', :cap)
                        RETURNING rid""")
                .bind("id", id)
                .bind("token", token)
                .bind("cap", (long) queueCap)
                .mapTo(String.class)
                .findOne());
        if (room.isPresent()) {
            send(response, Status.OK_200, "{\"room\":{\"_id\":\"" + room.get() + "\"},\"newRoom\":true,\"success\":true}");
        } else {
            response.status(Status.BAD_REQUEST_400).header(HeaderValues.CONTENT_TYPE_JSON).send(NO_AGENT);
        }
    }

    private static void send(ServerResponse response, Status status, String json) {
        response.status(status).header(HeaderValues.CONTENT_TYPE_JSON).send(json.getBytes(StandardCharsets.UTF_8));
    }
}
