package dev.inquiries.web.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link RequestLimit} holds ordinary requests to its limit, answers the one beyond it with the busy 503, and
 * lets the exempt path (the live queue's streams) through however many are open.
 */
@Timeout(30)
class RequestLimitTest {

    private final CountDownLatch release = new CountDownLatch(1);
    private final CountDownLatch entered = new CountDownLatch(3);
    private final HttpClient client = HttpClient.newHttpClient();
    private WebServer server;

    @BeforeEach
    void start() {
        HttpRouting.Builder routing = HttpRouting.builder()
                .addFilter(new RequestLimit(1, Set.of("/stream")))
                .get("/slow", (request, response) -> {
                    entered.countDown();
                    release.await(20, TimeUnit.SECONDS);
                    response.send("slow");
                })
                .get("/stream", (request, response) -> {
                    entered.countDown();
                    release.await(20, TimeUnit.SECONDS);
                    response.send("stream");
                });
        server = WebServer.builder().port(0).addRouting(routing).build().start();
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.stop();
    }

    private CompletableFuture<HttpResponse<String>> get(String path) {
        return client.sendAsync(HttpRequest.newBuilder(URI.create("http://localhost:" + server.port() + path))
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void refusesTheRequestBeyondTheLimitButNeverAStream() throws Exception {
        List<CompletableFuture<HttpResponse<String>>> held = new ArrayList<>();
        held.add(get("/slow"));
        held.add(get("/stream"));
        held.add(get("/stream"));
        assertThat(entered.await(10, TimeUnit.SECONDS)).as("one ordinary request and two streams are in").isTrue();

        HttpResponse<String> beyond = get("/slow").get(10, TimeUnit.SECONDS);
        assertThat(beyond.statusCode()).isEqualTo(503);
        assertThat(beyond.body()).isEqualTo("{\"success\":false,\"error\":\"The service is busy; try again shortly\"}");
        assertThat(beyond.headers().firstValue("Content-Type")).hasValue("application/json");

        release.countDown();
        for (CompletableFuture<HttpResponse<String>> response : held) {
            assertThat(response.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        }
        // The permit comes back: an ordinary request is served again. The filter gives it back once the handler has
        // returned, which may be just after its answer reached the client: asked again until served, for 10 s at most.
        assertThat(servedWithin(Duration.ofSeconds(10))).as("an ordinary request is served after the others ended")
                .isTrue();
    }

    private boolean servedWithin(Duration limit) throws Exception {
        long until = System.nanoTime() + limit.toNanos();
        do {
            HttpResponse<String> response = get("/slow").get(10, TimeUnit.SECONDS);
            if (response.statusCode() == 200) {
                return "slow".equals(response.body());
            }
            assertThat(response.statusCode()).as("refused only as busy while the permit is still held").isEqualTo(503);
            Thread.sleep(20);
        } while (System.nanoTime() < until);
        return false;
    }
}
