package dev.inquiries.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.inquiries.domain.QueueOrder;
import dev.inquiries.domain.Roles;
import dev.inquiries.persistence.AgentRepository;
import dev.inquiries.persistence.RoutingRepository;
import dev.inquiries.web.api.DeskOrder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code inquiries.queuedForUser} without a sort follows the desk's queue order (Omnichannel_sorting_mechanism,
 * {@code routing set --sorting}): oldest first by default, the highest priority first under Priority, the soonest SLA
 * first under SLAs, each then oldest first; a sort the caller gives still wins. A change shows within
 * {@link DeskOrder#FRESH}. The visitors' places in the queue follow the same order.
 */
@Timeout(60)
class QueueOrderApiTest {

    private static final String QUEUED = InquiriesServer.LIVECHAT_API + "/inquiries.queuedForUser";
    private static final Instant T0 = Instant.parse("2026-12-01T09:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final ApiServerExtension API = ApiServerExtension.onTestDatabase();

    private static List<String> ann;

    private final RawHttp http = API.http();

    @BeforeAll
    static void arrange() {
        API.department("d1", "Sales");
        ann = API.loginWithRoles("ann", Roles.LIVECHAT_AGENT);
        new AgentRepository(API.database()).add("ann", "d1");
        API.inquiry("oldest", "Ada", T0, "queued", "d1");
        API.inquiry("urgent", "Bo", T0.plusSeconds(60), "queued", "d1");
        API.inquiry("due", "Cy", T0.plusSeconds(120), "queued", "d1");
        API.jdbi().useHandle(handle -> {
            handle.execute("UPDATE inquiries SET priority_id = 'priority-highest', priority_weight = 1 WHERE id = 'urgent'");
            handle.execute("INSERT INTO slas (id, name, due_time_minutes) VALUES ('sla-gold', 'Gold', 5)");
            handle.execute("UPDATE inquiries SET sla_id = 'sla-gold', estimated_waiting_time_queue = 5 WHERE id = 'due'");
        });
    }

    @Test
    void followsTheDesksOrderUnlessTheCallerSortsItself() throws Exception {
        assertThat(ids(QUEUED)).containsExactly("oldest", "urgent", "due");

        order(QueueOrder.PRIORITY);
        assertThat(ids(QUEUED)).containsExactly("urgent", "oldest", "due");
        // The visitors' spots (V39's queue_spots) follow the same order.
        assertThat(spots()).isEqualTo("urgent:1 oldest:2 due:3");

        order(QueueOrder.SLAS);
        assertThat(ids(QUEUED)).containsExactly("due", "oldest", "urgent");
        assertThat(spots()).isEqualTo("due:1 oldest:2 urgent:3");
        assertThat(ids(QUEUED + "?sort=%7B%22ts%22%3A-1%7D")).containsExactly("due", "urgent", "oldest");

        order(QueueOrder.TIMESTAMP);
        assertThat(ids(QUEUED)).containsExactly("oldest", "urgent", "due");
    }

    private static void order(QueueOrder order) throws InterruptedException {
        new RoutingRepository(API.database()).set(Optional.empty(), OptionalInt.empty(), OptionalInt.empty(),
                Optional.of(order));
        Thread.sleep(DeskOrder.FRESH.toMillis() + 200);
    }

    private static String spots() {
        return API.jdbi().withHandle(handle -> handle.createQuery(
                "SELECT string_agg(inquiry_id || ':' || spot, ' ' ORDER BY spot) FROM queue_spots(ARRAY['d1'])")
                .mapTo(String.class).one());
    }

    private List<String> ids(String path) throws Exception {
        RawHttp.Response response = http.get(path, ann);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        for (JsonNode inquiry : JSON.readTree(response.body()).get("inquiries")) {
            ids.add(inquiry.get("_id").asText());
        }
        return ids;
    }
}
