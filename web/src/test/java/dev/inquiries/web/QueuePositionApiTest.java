package dev.inquiries.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.inquiries.domain.Roles;
import dev.inquiries.persistence.AgentRepository;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The visitor's place in the queue as {@code livechat/config} tells it (the contract's "Queue position for the
 * visitor"): a chat is ranked in its department's queue in queue order (ts, then id), a chat without a department
 * among all queued chats; the estimate comes from the queue's recent handling times and its agents on duty, and is
 * left out when either is missing. Arranged: Sales (ann), Support (ben), Billing (cara); Manual_Selection.
 */
@Timeout(120)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class QueuePositionApiTest {

    private static final String API_BASE = InquiriesServer.LIVECHAT_API;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MESSAGE = "{\"text\":\"Thank you for waiting: an agent will be with you as soon as possible.\","
            + "\"user\":{\"_id\":\"rocket.cat\",\"username\":\"rocket.cat\"}}";

    @RegisterExtension
    static final ApiServerExtension API = ApiServerExtension.onTestDatabase();

    private static List<String> cara;

    private final RawHttp http = API.http();

    @BeforeAll
    static void arrange() {
        API.department("d1", "Sales");
        API.department("d2", "Support");
        API.department("d3", "Billing");
        API.loginWithRoles("ann", Roles.LIVECHAT_AGENT);
        API.loginWithRoles("ben", Roles.LIVECHAT_AGENT);
        cara = API.loginWithRoles("cara", Roles.LIVECHAT_AGENT);
        AgentRepository agents = new AgentRepository(API.database());
        agents.add("ann", "d1");
        agents.add("ben", "d2");
        agents.add("cara", "d3");
    }

    @Test
    @Order(1)
    void ranksChatsInTheirDepartmentAndChatsWithoutOneAmongAllInQueueOrder() throws IOException {
        String s1 = open("s1", "Sales");
        open("n1", null);
        open("p1", "Support");
        String s2 = open("s2", "Sales");
        open("n2", null);
        // s2 arrived last of Sales but has the oldest ts: queue order is ts, not arrival.
        API.jdbi().useHandle(handle -> handle.execute("UPDATE inquiries SET ts = ts - interval '1 hour' WHERE rid = ?", s2));

        assertThat(spots("s1", "s2", "p1", "n1", "n2")).containsExactly(2, 1, 1, 3, 5);
        // No chat was handled yet: no estimate, and queueInfo is exactly the contract's.
        assertThat(http.get(API_BASE + "/config?token=s2", List.of()).body())
                .contains("\"queueInfo\":{\"spot\":1,\"message\":" + MESSAGE + "}}");

        // A visitor who gives up moves the ones behind it, in its department and among all.
        assertThat(http.postJson(API_BASE + "/room.close", List.of(), "{\"token\":\"s2\",\"rid\":\"" + s2 + "\"}").status())
                .isEqualTo(200);
        assertThat(spots("s1", "p1", "n1", "n2")).containsExactly(1, 1, 2, 4);
        assertThat(config("s2").at("/config/queueInfo").isMissingNode()).isTrue();

        for (String token : List.of("s1", "n1", "p1", "n2")) {
            JsonNode room = config(token).at("/config/room/_id");
            http.postJson(API_BASE + "/room.close", List.of(), "{\"token\":\"" + token + "\",\"rid\":\"" + room.asText() + "\"}");
        }
        assertThat(s1).isNotEmpty();
    }

    @Test
    @Order(2)
    void estimatesFromTheQueuesHandlingTimesAndItsAgentsFreeSlotsAndOmitsItWithoutThem() throws IOException {
        // One chat of Billing handled for 120 s (taken, then closed), one served now: cara has no free slot.
        String handled = open("h1", "Billing");
        take(cara, handled);
        assertThat(http.postJson(API_BASE + "/room.closeByUser", cara, "{\"rid\":\"" + handled + "\",\"comment\":\"Done\"}")
                .status()).isEqualTo(200);
        API.jdbi().useHandle(handle -> handle.execute("UPDATE chat_events SET at = at - interval '120 seconds' "
                + "WHERE room_id = ? AND kind = 'taken'", handled));
        take(cara, open("h2", "Billing"));
        open("w1", "Billing");
        open("w2", "Billing");

        // One server (cara, no limit), no free slot, 120 s per chat: spot s waits s x 120 s.
        assertThat(config("w1").at("/config/queueInfo/estimatedWaitTimeSeconds").asLong()).isEqualTo(120);
        assertThat(config("w2").at("/config/queueInfo/estimatedWaitTimeSeconds").asLong()).isEqualTo(240);

        // A limit of 2 gives cara a free slot and two servers: spot 1 is next, spot 2 waits (2 - 1) x 120 / 2.
        API.jdbi().useHandle(handle -> handle.execute("UPDATE users SET livechat_max_chats = 2 WHERE username = 'cara'"));
        assertThat(config("w1").at("/config/queueInfo/estimatedWaitTimeSeconds").asLong()).isZero();
        assertThat(config("w2").at("/config/queueInfo/estimatedWaitTimeSeconds").asLong()).isEqualTo(60);

        // Nobody on duty for Billing: no estimate, the spot stays.
        API.jdbi().useHandle(handle -> handle.execute("UPDATE users SET status_livechat = 'not-available' WHERE username = 'cara'"));
        assertThat(config("w2").at("/config/queueInfo").toString()).isEqualTo("{\"spot\":2,\"message\":" + MESSAGE + "}");
    }

    private List<Integer> spots(String... tokens) throws IOException {
        List<Integer> spots = new ArrayList<>();
        for (String token : tokens) {
            spots.add(config(token).at("/config/queueInfo/spot").asInt());
        }
        return spots;
    }

    private JsonNode config(String token) throws IOException {
        RawHttp.Response response = http.get(API_BASE + "/config?token=" + token, List.of());
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private void take(List<String> agent, String rid) {
        String inquiryId = API.jdbi().withHandle(handle -> handle.createQuery("SELECT id FROM inquiries WHERE rid = :rid")
                .bind("rid", rid).mapTo(String.class).one());
        RawHttp.Response taken = http.postJson(API_BASE + "/inquiries.take", agent, "{\"inquiryId\":\"" + inquiryId + "\"}");
        assertThat(taken.status()).as(taken.body()).isEqualTo(200);
    }

    private String open(String token, String department) throws IOException {
        String visitor = department == null ? "{\"visitor\":{\"token\":\"" + token + "\"}}"
                : "{\"visitor\":{\"token\":\"" + token + "\",\"department\":\"" + department + "\"}}";
        RawHttp.Response registered = http.postJson(API_BASE + "/visitor", List.of(), visitor);
        assertThat(registered.status()).as(registered.body()).isEqualTo(200);
        RawHttp.Response room = http.get(API_BASE + "/room?token=" + token, List.of());
        assertThat(room.status()).as(room.body()).isEqualTo(200);
        return JSON.readTree(room.body()).at("/room/_id").asText();
    }
}
