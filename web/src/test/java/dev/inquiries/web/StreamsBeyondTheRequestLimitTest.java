package dev.inquiries.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.inquiries.domain.Roles;
import dev.inquiries.persistence.AgentRepository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Streams are held open for as long as somebody watches, so they do not count against
 * {@code server.max-concurrent-requests}: with a limit of one request, a visitor's room stream, another visitor's and
 * a manager's live queue are all open, and an ordinary request is still served. (With 1,024 waiting visitors
 * following their spots, the room streams used to take every permit, and every other request got 503.)
 */
@Timeout(60)
class StreamsBeyondTheRequestLimitTest {

    private static final String API_BASE = InquiriesServer.LIVECHAT_API;
    private static final Duration WAIT = Duration.ofSeconds(10);

    @RegisterExtension
    static final ApiServerExtension API = ApiServerExtension.onTestDatabase().maxConcurrentRequests(1);

    @Test
    void roomStreamsAndTheLiveQueueLeaveTheRequestLimitToOrdinaryRequests() throws Exception {
        API.department("d1", "Sales");
        API.loginWithRoles("ann", Roles.LIVECHAT_AGENT);
        new AgentRepository(API.database()).add("ann", "d1");
        List<String> manager = API.loginWithRoles("mia", Roles.LIVECHAT_MANAGER);
        String first = open("first");
        String second = open("second");

        try (EventStreamClient one = EventStreamClient.open(API.port(), roomStream("first", first), List.of());
             EventStreamClient two = EventStreamClient.open(API.port(), roomStream("second", second), List.of());
             EventStreamClient queue = EventStreamClient.open(API.port(), StreamTest.STREAM, manager)) {
            assertThat(List.of(one.status(), two.status(), queue.status())).containsOnly(200);
            assertThat(one.next(WAIT).name()).isEqualTo("queueData");
            assertThat(two.next(WAIT).name()).isEqualTo("queueData");
            assertThat(queue.next(WAIT).name()).isEqualTo("reset");

            RawHttp.Response config = API.http().get(API_BASE + "/config?token=first", List.of());
            assertThat(config.status()).as(config.body()).isEqualTo(200);
        }
    }

    private static String roomStream(String token, String rid) {
        return API_BASE + "/room.stream?token=" + token + "&rid=" + rid;
    }

    private static String open(String token) throws Exception {
        RawHttp.Response registered = API.http().postJson(API_BASE + "/visitor", List.of(),
                "{\"visitor\":{\"token\":\"" + token + "\",\"department\":\"Sales\"}}");
        assertThat(registered.status()).as(registered.body()).isEqualTo(200);
        RawHttp.Response room = API.http().get(API_BASE + "/room?token=" + token, List.of());
        assertThat(room.status()).as(room.body()).isEqualTo(200);
        return new ObjectMapper().readTree(room.body()).at("/room/_id").asText();
    }
}
