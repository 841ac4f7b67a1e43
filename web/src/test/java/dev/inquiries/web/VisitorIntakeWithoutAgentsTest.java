package dev.inquiries.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code livechat.accept.without.agents} (Rocket.Chat's {@code Livechat_accept_chats_with_no_agents}) switched on: a
 * visitor's chat comes in, and its widget is told {@code online}, while no agent is there to take it.
 */
class VisitorIntakeWithoutAgentsTest {

    @RegisterExtension
    static final ApiServerExtension API = ApiServerExtension.onTestDatabase()
            .settings(settings -> settings.withIntake(new Settings.IntakeSettings(true, settings.intake().waitingMessage())));

    private final RawHttp http = API.http();

    @BeforeAll
    static void arrange() {
        API.department("dep-empty", "Empty");
    }

    @Test
    void queuesAChatThatNoAgentCouldTakeNow() {
        http.postJson(VisitorApiTest.VISITOR, List.of(), "{\"visitor\":{\"token\":\"alone\",\"department\":\"Empty\"}}");
        http.postJson(VisitorApiTest.VISITOR, List.of(), "{\"visitor\":{\"token\":\"nowhere\"}}");

        RawHttp.Response inDepartment = http.get(VisitorApiTest.ROOM + "?token=alone", List.of());
        RawHttp.Response withoutOne = http.get(VisitorApiTest.ROOM + "?token=nowhere", List.of());

        assertThat(inDepartment.status()).as(inDepartment.body()).isEqualTo(200);
        assertThat(inDepartment.body()).contains("\"departmentId\":\"dep-empty\"").contains("\"newRoom\":true");
        assertThat(withoutOne.status()).as(withoutOne.body()).isEqualTo(200);
        assertThat(API.count("SELECT count(*) FROM inquiries WHERE status = 'queued'")).isEqualTo(2);
    }

    @Test
    void tellsTheWidgetItIsOnlineWithoutAnyAgent() {
        assertThat(http.get(VisitorApiTest.CONFIG + "?department=Empty", List.of()).body())
                .isEqualTo("{\"config\":{\"enabled\":true,\"online\":true,\"departments\":[]},\"success\":true}");
    }
}
