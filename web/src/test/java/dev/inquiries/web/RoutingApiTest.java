package dev.inquiries.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.inquiries.domain.Roles;
import dev.inquiries.domain.RoutingMethod;
import dev.inquiries.persistence.AgentRepository;
import dev.inquiries.persistence.RoutingRepository;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Routing as a visitor and the agents see it through the API (the contract's "Routing" and "After a take"): under
 * Load_Balancing with a limit of one chat per agent, a visitor's new room comes back served when an agent has room
 * and queued when none has; the close of a served chat hands the waiting one to that agent in the same request;
 * a take or a forward to an agent at capacity is refused with error-max-number-simultaneous-chats-reached.
 * Arranged: Sales (d1: ann, ben), limit 1 per agent.
 */
@Timeout(120)
class RoutingApiTest {

    private static final String API_BASE = InquiriesServer.LIVECHAT_API;
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final ApiServerExtension API = ApiServerExtension.onTestDatabase();

    private static List<String> ann;
    private static List<String> manager;
    private static String annId;
    private static String benId;

    private final RawHttp http = API.http();

    @BeforeAll
    static void arrange() {
        API.department("d1", "Sales");
        ann = API.loginWithRoles("ann", Roles.LIVECHAT_AGENT);
        API.loginWithRoles("ben", Roles.LIVECHAT_AGENT);
        manager = API.loginWithRoles("mgr", Roles.LIVECHAT_MANAGER);
        AgentRepository agents = new AgentRepository(API.database());
        agents.add("ann", "d1");
        agents.add("ben", "d1");
        annId = API.token("ann").userId();
        benId = API.token("ben").userId();
        new RoutingRepository(API.database()).set(Optional.of(RoutingMethod.LOAD_BALANCING), OptionalInt.of(1));
    }

    @Test
    void chatsAreServedAtIntakeWhileAgentsHaveRoomThenWaitAndAreServedWhenRoomAppears() throws IOException {
        JsonNode first = open("v-first");
        JsonNode second = open("v-second");
        JsonNode third = open("v-third");

        // Load_Balancing: ann and ben have none open; ann (routed never, then username) first, then ben.
        assertThat(first.at("/room/servedBy/username").asText()).isEqualTo("ann");
        assertThat(second.at("/room/servedBy/username").asText()).isEqualTo("ben");
        assertThat(third.at("/room/servedBy").isMissingNode()).as(third.toString()).isTrue();
        String thirdRid = third.at("/room/_id").asText();
        assertThat(getOne(thirdRid, manager).at("/inquiry/status").asText()).isEqualTo("queued");

        // ann is at capacity: a take by her and a forward to her are refused; nothing moves.
        String thirdInquiry = getOne(thirdRid, manager).at("/inquiry/_id").asText();
        RawHttp.Response take = http.postJson(API_BASE + "/inquiries.take", ann,
                "{\"inquiryId\":\"" + thirdInquiry + "\"}");
        assertThat(take.status()).isEqualTo(400);
        assertThat(take.body()).isEqualTo("{\"success\":false,\"error\":\"Not allowed "
                + "[error-max-number-simultaneous-chats-reached]\",\"errorType\":\"error-max-number-simultaneous-chats-reached\","
                + "\"details\":{\"method\":\"livechat:takeInquiry\"}}");
        RawHttp.Response forward = http.postJson(API_BASE + "/room.forward", manager,
                "{\"roomId\":\"" + second.at("/room/_id").asText() + "\",\"userId\":\"" + annId + "\"}");
        assertThat(forward.status()).isEqualTo(400);
        assertThat(forward.body()).isEqualTo("{\"success\":false,\"error\":\"error-max-number-simultaneous-chats-reached\"}");
        assertThat(getOne(second.at("/room/_id").asText(), manager).at("/inquiry/servedBy/_id").asText()).isEqualTo(benId);

        // ann closes hers: the waiting chat is hers before the close's answer.
        RawHttp.Response closed = http.postJson(API_BASE + "/room.closeByUser", ann,
                "{\"rid\":\"" + first.at("/room/_id").asText() + "\",\"comment\":\"Done\"}");
        assertThat(closed.body()).isEqualTo("{\"success\":true}");
        assertThat(getOne(thirdRid, manager).at("/inquiry/servedBy/_id").asText()).isEqualTo(annId);
        assertThat(http.get(API_BASE + "/room?token=v-third", List.of()).body()).contains("\"servedBy\":{\"_id\":\"" + annId);

        // Returned by ben: routed again at once, and ben (the one with room) has it back.
        RawHttp.Response returned = http.postJson(API_BASE + "/inquiries.returnAsInquiry", manager,
                "{\"roomId\":\"" + second.at("/room/_id").asText() + "\"}");
        assertThat(returned.body()).isEqualTo("{\"result\":true,\"success\":true}");
        assertThat(getOne(second.at("/room/_id").asText(), manager).at("/inquiry/servedBy/_id").asText()).isEqualTo(benId);
        String timeline = API.jdbi().withHandle(handle -> handle.createQuery(
                        "SELECT string_agg(e.kind, ' ' ORDER BY e.id) FROM chat_events e JOIN inquiries i ON i.id = e.inquiry_id "
                                + "WHERE i.rid = :rid")
                .bind("rid", second.at("/room/_id").asText()).mapTo(String.class).one());
        assertThat(timeline).isEqualTo("arrived taken returned taken");
    }

    private JsonNode open(String token) throws IOException {
        RawHttp.Response registered = http.postJson(API_BASE + "/visitor", List.of(),
                "{\"visitor\":{\"token\":\"" + token + "\",\"department\":\"Sales\"}}");
        assertThat(registered.status()).as(registered.body()).isEqualTo(200);
        RawHttp.Response room = http.get(API_BASE + "/room?token=" + token, List.of());
        assertThat(room.status()).as(room.body()).isEqualTo(200);
        return JSON.readTree(room.body());
    }

    private JsonNode getOne(String rid, List<String> caller) throws IOException {
        return JSON.readTree(http.get(API_BASE + "/inquiries.getOne?roomId=" + rid, caller).body());
    }
}
