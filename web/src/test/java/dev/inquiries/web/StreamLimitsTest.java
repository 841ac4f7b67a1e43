package dev.inquiries.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.inquiries.persistence.testing.Await;

/**
 * The live queue's bounds: one stream at a time here, a heartbeat of 200 ms and eight events per subscriber, so
 * that the limit's 503, the comment lines and the disconnection of a subscriber that does not read show quickly.
 */
@Timeout(60)
class StreamLimitsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final int BUFFER = 8;

    @RegisterExtension
    static final ApiServerExtension API = ApiServerExtension.onTestDatabase()
            .stream(new Settings.StreamSettings(1, Duration.ofMillis(200), BUFFER, 10_000, Duration.ofSeconds(1)));

    private static List<String> manager;

    @BeforeAll
    static void arrange() {
        manager = API.loginWithRoles("limits-manager", "livechat-manager");
    }

    /** The one stream, once the server has noticed that the previous test's stream is gone. */
    private static EventStreamClient openTheOneStream() {
        return Await.value(WAIT, () -> {
            EventStreamClient stream = EventStreamClient.open(API.port(), StreamTest.STREAM, manager);
            return stream.status() == 200 ? Optional.of(stream) : Optional.empty();
        }, () -> "a stream to be accepted");
    }

    @Test
    void aStreamBeyondTheLimitGets503AsJson() {
        try (EventStreamClient first = openTheOneStream()) {
            assertThat(first.next(WAIT).name()).isEqualTo("reset");
            try (EventStreamClient second = EventStreamClient.open(API.port(), StreamTest.STREAM, manager)) {
                assertThat(second.status()).isEqualTo(503);
                assertThat(second.header("content-type")).startsWith("application/json");
                assertThat(second.errorBody()).isEqualTo(
                        "{\"success\":false,\"error\":\"Too many live streams are open; try again shortly\"}");
            }
            // Ordinary requests are not held back by the open stream.
            assertThat(API.http().get(ApiServerExtension.LIST, manager).status()).isEqualTo(200);
        }
    }

    @Test
    void aSilentStreamCarriesCommentLines() {
        try (EventStreamClient stream = openTheOneStream()) {
            assertThat(stream.next(WAIT).name()).isEqualTo("reset");
            Await.until(WAIT, () -> stream.comments() >= 3, () -> "comment lines, got " + stream.comments());
            assertThat(stream.poll(Duration.ZERO)).isEmpty();
        }
    }

    @Test
    void aSubscriberThatDoesNotReadIsDisconnectedNotBuffered() {
        int changes = 900;
        EventStreamClient stuck = Await.value(WAIT, () -> {
            EventStreamClient stream = EventStreamClient.open(API.port(), StreamTest.STREAM, manager, 4_096);
            return stream.status() == 200 ? Optional.of(stream) : Optional.empty();
        }, () -> "a stream to be accepted");
        try (stuck) {
            // About 7 MB of events: more than the socket buffers hold, so the writer blocks and the queue fills.
            API.jdbi().useHandle(handle -> handle.execute("INSERT INTO inquiries (id, rid, name, ts, status)"
                    + " SELECT 'flood-' || n, 'room-flood-' || n, repeat('x', 8000), now(), 'queued'"
                    + " FROM generate_series(1, " + changes + ") AS n"));
            // Still not reading: the server must cut the connection by itself; once it has, whatever the socket
            // buffers held is read and then the stream ends.
            Await.until(WAIT, () -> API.count("SELECT count(*) FROM queue_changes WHERE position IS NOT NULL") >= changes,
                    "the changes to be sequenced");
            try (EventStreamClient next = openTheOneStream()) {
                assertThat(next.next(WAIT).name()).isEqualTo("reset");
            }
            stuck.startReading();
            Await.until(WAIT, stuck::ended, "the stuck stream to end");
            assertThat(stuck.drain()).hasSizeLessThan(changes);
        }
    }
}
