package dev.inquiries.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.inquiries.domain.Roles;
import dev.inquiries.persistence.AgentRepository;
import dev.inquiries.persistence.testing.Await;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code GET /api/v1/livechat/room.stream} (the contract's "Queue position for the visitor"): a waiting visitor's own
 * stream says its spot on open and each time it changes, the agent that takes its chat, and its end, after which the
 * stream ends; only the visitor's token and its open room open one, every refusal a JSON 400 before any event; an
 * address holds at most {@code stream.rooms.address.limit} at once. Arranged: Sales (ann), Manual_Selection, a limit of
 * two room streams per address.
 */
@Timeout(120)
class RoomStreamTest {

    private static final String API_BASE = InquiriesServer.LIVECHAT_API;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String MESSAGE = "\"message\":{\"text\":\"Thank you for waiting: an agent will be with you as soon as "
            + "possible.\",\"user\":{\"_id\":\"rocket.cat\",\"username\":\"rocket.cat\"}}";

    @RegisterExtension
    static final ApiServerExtension API = ApiServerExtension.onTestDatabase()
            .settings(settings -> settings.withRooms(new Settings.RoomStreamSettings(100, 2)))
            // A short heartbeat: a stream whose client left is noticed (and its address's share given back) at once.
            .stream(new Settings.StreamSettings(100, Duration.ofMillis(200), 256, 10_000, Duration.ofSeconds(1)));

    private static List<String> ann;
    private static String annId;

    private final RawHttp http = API.http();

    @BeforeAll
    static void arrange() {
        API.department("d1", "Sales");
        ann = API.loginWithRoles("ann", Roles.LIVECHAT_AGENT);
        new AgentRepository(API.database()).add("ann", "d1");
        annId = API.token("ann").userId();
    }

    @Test
    void tellsTheSpotOnOpenAndWhenItMovesThenTheAgentThenTheEnd() throws IOException {
        String first = open("first");
        String second = open("second");
        try (EventStreamClient stream = EventStreamClient.open(API.port(), streamPath("second", second), List.of())) {
            assertThat(stream.status()).isEqualTo(200);
            assertThat(stream.header("content-type")).startsWith("text/event-stream");
            assertThat(stream.next(WAIT)).isEqualTo(new EventStreamClient.Event("queueData", null,
                    "{\"spot\":2," + MESSAGE + "}"));

            take(first);
            assertThat(stream.next(WAIT)).isEqualTo(new EventStreamClient.Event("queueData", null,
                    "{\"spot\":1," + MESSAGE + "}"));

            take(second);
            assertThat(stream.next(WAIT)).isEqualTo(new EventStreamClient.Event("agentData", null,
                    "{\"_id\":\"" + annId + "\",\"username\":\"ann\"}"));

            assertThat(http.postJson(API_BASE + "/room.closeByUser", ann, "{\"rid\":\"" + second + "\",\"comment\":\"Done\"}")
                    .status()).isEqualTo(200);
            assertThat(stream.next(WAIT)).isEqualTo(new EventStreamClient.Event("closed", null, "{}"));
            Await.until(WAIT, stream::ended, () -> "the stream did not end after closed");
            assertThat(stream.drain()).isEmpty();
        }
        http.postJson(API_BASE + "/room.closeByUser", ann, "{\"rid\":\"" + first + "\",\"comment\":\"Done\"}");
    }

    @Test
    void opensOnlyForTheVisitorsOwnOpenRoomWithTheContractsRefusals() throws IOException {
        String mine = open("mine");
        String theirs = open("theirs");

        assertRefused(streamPath("nobody", mine), "{\"success\":false,\"error\":\"invalid-token\"}");
        assertRefused(API_BASE + "/room.stream?rid=" + mine, "{\"success\":false,\"error\":\"invalid-token\"}");
        assertRefused(streamPath("mine", theirs), "{\"success\":false,\"error\":\"invalid-room\"}");
        assertRefused(API_BASE + "/room.stream?token=mine", "{\"success\":false,\"error\":\"invalid-room\"}");
        assertRefused(streamPath("mine", mine) + "&since=1", "{\"success\":false,\"error\":\"Match error: Unknown key in field since\"}");

        // A closed room is no longer the visitor's to follow.
        http.postJson(API_BASE + "/room.close", List.of(), "{\"token\":\"theirs\",\"rid\":\"" + theirs + "\"}");
        assertRefused(streamPath("theirs", theirs), "{\"success\":false,\"error\":\"invalid-room\"}");
        http.postJson(API_BASE + "/room.close", List.of(), "{\"token\":\"mine\",\"rid\":\"" + mine + "\"}");
    }

    @Test
    void oneAddressHoldsAtMostItsLimitOfRoomStreams() throws IOException {
        String rid = open("many");
        try (EventStreamClient one = EventStreamClient.open(API.port(), streamPath("many", rid), List.of());
             EventStreamClient two = EventStreamClient.open(API.port(), streamPath("many", rid), List.of())) {
            assertThat(one.next(WAIT).name()).isEqualTo("queueData");
            assertThat(two.next(WAIT).name()).isEqualTo("queueData");
            try (EventStreamClient three = EventStreamClient.open(API.port(), streamPath("many", rid), List.of())) {
                assertThat(three.status()).isEqualTo(503);
                assertThat(three.errorBody()).contains("\"success\":false");
            }
        }
        // Closed streams are given back: a new one opens.
        Await.until(WAIT, () -> {
            try (EventStreamClient again = EventStreamClient.open(API.port(), streamPath("many", rid), List.of())) {
                return again.status() == 200;
            }
        }, () -> "the address's streams were not given back");
        http.postJson(API_BASE + "/room.close", List.of(), "{\"token\":\"many\",\"rid\":\"" + rid + "\"}");
    }

    private void assertRefused(String path, String body) {
        try (EventStreamClient refused = EventStreamClient.open(API.port(), path, List.of())) {
            assertThat(refused.status()).as(path).isEqualTo(400);
            assertThat(refused.errorBody()).as(path).isEqualTo(body);
        }
    }

    private static String streamPath(String token, String rid) {
        return API_BASE + "/room.stream?token=" + token + "&rid=" + rid;
    }

    private void take(String rid) {
        String inquiryId = API.jdbi().withHandle(handle -> handle.createQuery("SELECT id FROM inquiries WHERE rid = :rid")
                .bind("rid", rid).mapTo(String.class).one());
        RawHttp.Response taken = http.postJson(API_BASE + "/inquiries.take", ann, "{\"inquiryId\":\"" + inquiryId + "\"}");
        assertThat(taken.status()).as(taken.body()).isEqualTo(200);
    }

    private String open(String token) throws IOException {
        RawHttp.Response registered = http.postJson(API_BASE + "/visitor", List.of(),
                "{\"visitor\":{\"token\":\"" + token + "\",\"department\":\"Sales\"}}");
        assertThat(registered.status()).as(registered.body()).isEqualTo(200);
        RawHttp.Response room = http.get(API_BASE + "/room?token=" + token, List.of());
        assertThat(room.status()).as(room.body()).isEqualTo(200);
        return JSON.readTree(room.body()).at("/room/_id").asText();
    }
}
