package dev.inquiries.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import dev.inquiries.domain.Roles;
import dev.inquiries.persistence.Database;
import dev.inquiries.persistence.LoginTokenRepository;
import dev.inquiries.persistence.UserRepository;
import dev.inquiries.persistence.testing.TestDatabase;
import dev.inquiries.persistence.testing.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code serve} hands the server the settings it was given, not application.yaml's defaults: the HTTP tests
 * configure the server directly, so only a real process shows that the sign-in blocking and the stream limit
 * set through the environment are the ones in force.
 */
@Timeout(90)
class ServeWiringTest {

    private static TestDatabase testDatabase;
    private static List<String> manager;

    @BeforeAll
    static void arrange() {
        testDatabase = TestDatabases.create();
        try (Database database = testDatabase.open()) {
            new UserRepository(database).add("wired", "right password", List.of(Roles.LIVECHAT_MANAGER));
            manager = ApiServerExtension.headers(
                    new LoginTokenRepository(database, Settings.defaults().tokenLifetime()).create("wired"));
        }
    }

    @AfterAll
    static void drop() {
        testDatabase.close();
    }

    @Test
    void servesWithTheSignInAndStreamSettingsOfItsEnvironment() throws Exception {
        try (ServeProcess serve = ServeProcess.start(testDatabase,
                Map.of("AUTH_LOGIN_BLOCK_USER_FAILURES", "2", "STREAM_LIMIT", "1"))) {
            int port = serve.awaitPort();
            RawHttp http = new RawHttp(port);
            String wrong = "{\"user\":\"wired\",\"password\":\"wrong\"}";
            assertThat(http.postJson(SignInTest.LOGIN, List.of(), wrong).body()).isEqualTo(SignInTest.LOGIN_FAILED);
            assertThat(http.postJson(SignInTest.LOGIN, List.of(), wrong).body()).isEqualTo(SignInTest.LOGIN_FAILED);
            // The default allows more failures; with two, the right password is refused now.
            assertThat(http.postJson(SignInTest.LOGIN, List.of(), "{\"user\":\"wired\",\"password\":\"right password\"}")
                    .body()).isEqualTo(SignInTest.BLOCKED_FOR_USER);

            try (EventStreamClient first = EventStreamClient.open(port, StreamTest.STREAM, manager);
                 EventStreamClient second = EventStreamClient.open(port, StreamTest.STREAM, manager)) {
                assertThat(first.status()).isEqualTo(200);
                assertThat(second.status()).isEqualTo(503);
            }
        }
    }
}
