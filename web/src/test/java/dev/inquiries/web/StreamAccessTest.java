package dev.inquiries.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.inquiries.web.EventStreamClient.Event;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Who may open which live queue, with which parameters, and what each subscriber is shown: the permission and
 * visibility of the list the stream mirrors.
 */
@Timeout(60)
class StreamAccessTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Instant TS = Instant.parse("2026-11-30T10:15:30.123Z");

    @RegisterExtension
    static final ApiServerExtension API = ApiServerExtension.onTestDatabase();

    private static List<String> manager;
    private static List<String> agent;
    private static List<String> monitor;
    private static String agentId;

    @BeforeAll
    static void arrange() {
        API.department("dep-a", "Alpha").department("dep-b", "Beta");
        manager = API.loginWithRoles("access-manager", "livechat-manager");
        agent = API.loginWithRoles("access-agent", "livechat-agent");
        API.loginWithRoles("other-agent", "livechat-agent");
        monitor = API.loginWithRoles("access-monitor", "livechat-monitor");
        agentId = agent.getFirst().substring("X-User-Id: ".length());
        API.jdbi().useHandle(handle -> {
            handle.execute("INSERT INTO department_agents (id, department_id, user_id) VALUES ('m1', 'dep-a', ?)", agentId);
            handle.execute("INSERT INTO units (id, name) VALUES ('unit-a', 'Unit A')");
            handle.execute("INSERT INTO unit_departments (unit_id, department_id) VALUES ('unit-a', 'dep-a')");
            handle.execute("INSERT INTO unit_monitors (unit_id, user_id) SELECT 'unit-a', id FROM users"
                    + " WHERE username = 'access-monitor'");
        });
    }

    private static RawHttp.Response get(String query, List<String> headers) {
        return API.http().get(StreamTest.STREAM + query, headers);
    }

    private static EventStreamClient openAfterReset(String query, List<String> headers) {
        EventStreamClient stream = EventStreamClient.open(API.port(), StreamTest.STREAM + query, headers);
        assertThat(stream.status()).isEqualTo(200);
        assertThat(stream.next(WAIT).name()).isEqualTo("reset");
        return stream;
    }

    @Test
    void refusesAMissingTokenAsEveryEndpointDoes() {
        RawHttp.Response response = get("", List.of());
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.body()).isEqualTo("{\"success\":false,\"status\":\"error\","
                + "\"error\":\"You must be logged in to do this.\",\"message\":\"You must be logged in to do this.\"}");
    }

    @Test
    void refusesUnknownParametersAndViews() {
        RawHttp.Response unknown = get("?count=5", manager);
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.body()).contains("\"errorType\":\"invalid-params\"").startsWith("{\"success\":false,");
        RawHttp.Response badView = get("?of=everything", manager);
        assertThat(badView.status()).isEqualTo(400);
        assertThat(badView.body()).isEqualTo("{\"success\":false,\"error\":\"The parameter \\\"of\\\" must be list or "
                + "queuedForUser, not \\\"everything\\\" [invalid-params]\",\"errorType\":\"invalid-params\"}");
    }

    @Test
    void needsThePermissionOfTheMirroredList() {
        RawHttp.Response list = get("?of=list", agent);
        assertThat(list.status()).isEqualTo(403);
        assertThat(list.body()).isEqualTo("{\"success\":false,\"error\":\"User does not have the permissions required "
                + "for this action [error-unauthorized]\"}");
        try (EventStreamClient queued = openAfterReset("?of=queuedForUser", agent)) {
            assertThat(queued.status()).isEqualTo(200);
        }
    }

    @Test
    void refusesAQueuedForUserFilterOutsideTheCallersDepartments() {
        RawHttp.Response response = get("?of=queuedForUser&department=Beta", agent);
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body()).isEqualTo(
                "{\"success\":false,\"error\":\"error-not-authorized\",\"errorType\":\"error-not-authorized\"}");
    }

    @Test
    void showsAnAgentWhatItMayTake() {
        try (EventStreamClient stream = openAfterReset("?of=queuedForUser", agent)) {
            API.jdbi().useHandle(handle -> {
                insert(handle, "qfu-other-department", "dep-b", null);
                insert(handle, "qfu-routed-elsewhere", "dep-a", "other-agent");
                insert(handle, "qfu-own-department", "dep-a", null);
                insert(handle, "qfu-no-department", null, null);
                insert(handle, "qfu-routed-to-me", "dep-b", "access-agent");
            });
            List<String> ids = List.of(stream.next(WAIT), stream.next(WAIT), stream.next(WAIT)).stream()
                    .map(Event::data).map(data -> data.replaceAll(".*\"_id\":\"([^\"]+)\".*", "$1")).toList();
            assertThat(ids).containsExactly("qfu-own-department", "qfu-no-department", "qfu-routed-to-me");
            // Routed to another agent now: it leaves this agent's queue.
            API.jdbi().useHandle(handle -> handle.execute("UPDATE inquiries SET default_agent_id ="
                    + " (SELECT id FROM users WHERE username = 'other-agent') WHERE id = 'qfu-own-department'"));
            Event removed = stream.next(WAIT);
            assertThat(removed.name()).isEqualTo("removed");
            assertThat(removed.data()).contains("\"_id\":\"qfu-own-department\"");
        }
    }

    @Test
    void showsARestrictedMonitorOnlyItsUnitsDepartments() {
        try (EventStreamClient stream = openAfterReset("", monitor)) {
            API.jdbi().useHandle(handle -> {
                insert(handle, "mon-b", "dep-b", null);
                insert(handle, "mon-none", null, null);
                insert(handle, "mon-a", "dep-a", null);
            });
            Event first = stream.next(WAIT);
            assertThat(first.data()).contains("\"_id\":\"mon-a\"");
            assertThat(stream.poll(Duration.ofMillis(500))).isEmpty();
        }
    }

    private static void insert(org.jdbi.v3.core.Handle handle, String id, String department, String routedTo) {
        handle.execute("INSERT INTO inquiries (id, rid, name, ts, status, department_id, default_agent_id)"
                + " VALUES (?, ?, 'Visitor', ?, 'queued', ?, (SELECT id FROM users WHERE username = ?))",
                id, "room-" + id, TS, department, routedTo);
    }
}
