package dev.inquiries.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.inquiries.persistence.Database;
import dev.inquiries.persistence.UserRepository;
import dev.inquiries.persistence.testing.Await;
import io.helidon.webserver.WebServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A stream lives only as long as the right it was opened with, across instances: the stream is held by instance A,
 * the right ends through instance B or the database (a logout, an expired token, a deactivated user, a lost role).
 * From then on no event about an inquiry reaches the stream, the stream ends within seconds without a last event,
 * and the client's next connect is refused.
 */
@Timeout(60)
class StreamRightsTest {

    /** The contract's bound: the stream ends within 5 s of the right's end. */
    private static final Duration ENDS_WITHIN = Duration.ofSeconds(5);
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Instant TS = Instant.parse("2026-12-01T09:00:00Z");

    @RegisterExtension
    static final ApiServerExtension A = ApiServerExtension.onTestDatabase();

    private static Database poolOfB;
    private static WebServer b;

    @BeforeAll
    static void startInstanceB() {
        poolOfB = A.testDatabase().open();
        var builder = WebServer.builder().host("localhost").port(0);
        InquiriesServer.configure(builder, poolOfB, Settings.defaults());
        b = builder.build().start();
    }

    @AfterAll
    static void stopInstanceB() {
        if (b != null) {
            b.stop();
        }
        if (poolOfB != null) {
            poolOfB.close();
        }
    }

    @Test
    void aLogoutThroughAnotherInstanceEndsTheStream() {
        List<String> manager = A.loginWithRoles("rights-logout", "livechat-manager");
        endsWhen(manager, "", () -> {
            RawHttp.Response logout = new RawHttp(b.port()).send("POST", InquiriesServer.API + "/logout", manager);
            assertThat(logout.status()).isEqualTo(200);
        }, 401);
    }

    @Test
    void anExpiredTokenEndsTheStream() {
        List<String> manager = A.loginWithRoles("rights-expiry", "livechat-manager");
        endsWhen(manager, "", () -> A.jdbi().useHandle(handle -> handle.execute(
                "UPDATE login_tokens SET created_at = now() - ? * interval '1 second' - interval '1 minute'"
                        + " WHERE user_id = (SELECT id FROM users WHERE username = 'rights-expiry')",
                (double) Settings.defaults().tokenLifetime().toSeconds())), 401);
    }

    @Test
    void deactivatingTheUserEndsTheStream() {
        List<String> agent = A.loginWithRoles("rights-deactivated", "livechat-agent");
        endsWhen(agent, "?of=queuedForUser",
                () -> new UserRepository(poolOfB).deactivate("rights-deactivated"), 401);
    }

    @Test
    void losingThePermissionOfTheMirroredListEndsTheStream() {
        List<String> manager = A.loginWithRoles("rights-demoted", "livechat-manager", "livechat-agent");
        endsWhen(manager, "?of=list", () -> A.jdbi().useHandle(handle -> handle.execute(
                "DELETE FROM user_roles WHERE role_id = 'livechat-manager'"
                        + " AND user_id = (SELECT id FROM users WHERE username = 'rights-demoted')")), 403);
    }

    @Test
    void aStreamWhoseRightHoldsGoesOn() {
        List<String> manager = A.loginWithRoles("rights-kept", "livechat-manager");
        List<String> other = A.loginWithRoles("rights-other", "livechat-manager");
        try (EventStreamClient stream = openAfterReset(manager, "")) {
            // Another user's logout through B ends nothing here.
            assertThat(new RawHttp(b.port()).send("POST", InquiriesServer.API + "/logout", other).status()).isEqualTo(200);
            insert("kept-1");
            assertThat(stream.next(WAIT).data()).contains("\"_id\":\"kept-1\"");
            assertThat(stream.poll(Duration.ofSeconds(2))).isEmpty();
            assertThat(stream.ended()).isFalse();
        }
    }

    /**
     * Opens a stream on A, sees an event, ends the right with {@code ending}, then commits a change the stream would
     * show: no event about it (or anything else) comes, the stream ends within {@link #ENDS_WITHIN}, and connecting
     * again is answered {@code refusal}.
     */
    private static void endsWhen(List<String> headers, String query, Runnable ending, int refusal) {
        String prefix = headers.getFirst().substring("X-User-Id: ".length());
        try (EventStreamClient stream = openAfterReset(headers, query)) {
            insert(prefix + "-before");
            assertThat(stream.next(WAIT).data()).contains("\"_id\":\"" + prefix + "-before\"");

            ending.run();
            long endedAt = System.nanoTime();
            insert(prefix + "-after");

            Await.until(WAIT, stream::ended, "the stream ends after its right did");
            Duration took = Duration.ofNanos(System.nanoTime() - endedAt);
            assertThat(took).as("from the right's end to the stream's").isLessThan(ENDS_WITHIN);
            assertThat(stream.drain()).as("events after the right ended").isEmpty();
        }
        try (EventStreamClient again = EventStreamClient.open(A.port(), StreamTest.STREAM + query, headers)) {
            assertThat(again.status()).isEqualTo(refusal);
        }
    }

    private static EventStreamClient openAfterReset(List<String> headers, String query) {
        EventStreamClient stream = EventStreamClient.open(A.port(), StreamTest.STREAM + query, headers);
        assertThat(stream.status()).isEqualTo(200);
        assertThat(stream.next(WAIT).name()).isEqualTo("reset");
        return stream;
    }

    private static void insert(String id) {
        A.jdbi().useHandle(handle -> handle.execute(
                "INSERT INTO inquiries (id, rid, name, ts, status) VALUES (?, ?, 'Visitor', ?, 'queued')",
                id, "room-" + id, TS));
    }
}
