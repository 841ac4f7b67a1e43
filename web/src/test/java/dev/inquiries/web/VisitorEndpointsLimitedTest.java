package dev.inquiries.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import dev.inquiries.domain.Roles;
import dev.inquiries.persistence.AgentRepository;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The service as {@code serve} wires it limits livechat/visitor and livechat/room per client address
 * ({@code api.visitors.rate.*}), each endpoint on its own count, and caps the chats waiting in one department's queue
 * ({@code api.visitors.queue.cap}): beyond it a new chat is refused as if no agent were online, and nothing is written.
 */
class VisitorEndpointsLimitedTest {

    private static final int LIMIT = 3;
    private static final int CAP = 2;

    @RegisterExtension
    static final ApiServerExtension API = ApiServerExtension.onTestDatabase()
            .settings(settings -> settings.withVisitors(new Settings.VisitorSettings(LIMIT, Duration.ofMinutes(1), CAP)));

    private final RawHttp http = API.http();

    @BeforeAll
    static void arrange() {
        API.department("dep-sales", "Sales");
        API.loginWithRoles("ann", Roles.LIVECHAT_AGENT);
        new AgentRepository(API.database()).add("ann", "Sales");
    }

    @Test
    void limitsEachVisitorEndpointPerAddressAndCapsTheQueue() {
        for (int i = 0; i < LIMIT; i++) {
            assertThat(http.postJson(VisitorApiTest.VISITOR, List.of(),
                    "{\"visitor\":{\"token\":\"limited-" + i + "\",\"department\":\"Sales\"}}").status()).isEqualTo(200);
        }
        RawHttp.Response refused = http.postJson(VisitorApiTest.VISITOR, List.of(),
                "{\"visitor\":{\"token\":\"limited-x\",\"department\":\"Sales\"}}");

        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.body()).matches("\\{\"success\":false,\"error\":\"Error, too many requests\\. Please slow down\\. "
                + "You must wait [0-9]+ seconds before trying this endpoint again\\. \\[error-too-many-requests\\]\"}");
        assertThat(API.count("SELECT count(*) FROM visitors WHERE token = 'limited-x'")).isZero();

        // livechat/room counts on its own: three chats of three visitors, the third beyond the queue's cap.
        assertThat(http.get(VisitorApiTest.ROOM + "?token=limited-0", List.of()).status()).isEqualTo(200);
        assertThat(http.get(VisitorApiTest.ROOM + "?token=limited-1", List.of()).status()).isEqualTo(200);
        RawHttp.Response capped = http.get(VisitorApiTest.ROOM + "?token=limited-2", List.of());
        assertThat(capped.status()).isEqualTo(400);
        assertThat(capped.body()).isEqualTo(VisitorApiTest.NO_AGENT_ONLINE);
        assertThat(API.count("SELECT count(*) FROM inquiries WHERE inquiry_is_queued(status)")).isEqualTo(CAP);
        assertThat(http.get(VisitorApiTest.ROOM + "?token=limited-2", List.of()).status()).isEqualTo(429);
    }
}
