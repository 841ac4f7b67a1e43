package dev.inquiries.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import dev.inquiries.domain.Roles;
import dev.inquiries.domain.login.LoginPolicy;
import dev.inquiries.persistence.UserRepository;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A login for a name that does not exist takes as long as one with a wrong password: the time of a refusal does
 * not tell which names exist. Both kinds are sent in turns, so that a change in the machine's load falls on both.
 */
class LoginTimingTest {

    private static final int ATTEMPTS = 30;

    @RegisterExtension
    static final ApiServerExtension API = ApiServerExtension.onTestDatabase().signIn(new Settings.SignInSettings(
            new LoginPolicy(0, Duration.ofMinutes(5), 0, Duration.ofMinutes(5), Duration.ofMinutes(5)), false));

    private final RawHttp http = API.http();

    @BeforeAll
    static void arrange() {
        UserRepository users = new UserRepository(API.database());
        users.add("ana", "correct horse", List.of(Roles.USER));
        users.add("gone", "correct horse", List.of(Roles.USER));
        users.deactivate("gone");
    }

    @Test
    void refusesUnknownNamesDeactivatedUsersAndWrongPasswordsInTheSameTime() {
        List<Long> wrongPassword = new ArrayList<>();
        List<Long> unknownName = new ArrayList<>();
        List<Long> deactivated = new ArrayList<>();
        for (int i = 0; i < ATTEMPTS + 3; i++) {
            long wrong = time(() -> http.postJson(SignInTest.LOGIN, List.of(), "{\"user\":\"ana\",\"password\":\"guess\"}"));
            String unknownBody = "{\"user\":\"nobody-" + i % 7 + "\",\"password\":\"guess\"}";
            long unknown = time(() -> http.postJson(SignInTest.LOGIN, List.of(), unknownBody));
            long gone = time(() -> http.postJson(SignInTest.LOGIN, List.of(), "{\"user\":\"gone\",\"password\":\"guess\"}"));
            if (i >= 3) { // the first rounds warm the JIT and the pool
                wrongPassword.add(wrong);
                unknownName.add(unknown);
                deactivated.add(gone);
            }
        }
        long median = median(wrongPassword);
        // Within the noise: a quarter of a bcrypt check. Without the check against a fixed hash an unknown name
        // answers in well under a tenth of the time.
        long noise = median / 4;
        assertThat(Math.abs(median(unknownName) - median)).as("unknown %s vs wrong %s", unknownName, wrongPassword)
                .isLessThan(noise);
        assertThat(Math.abs(median(deactivated) - median)).as("deactivated %s vs wrong %s", deactivated, wrongPassword)
                .isLessThan(noise);
    }

    private static long time(Supplier<RawHttp.Response> request) {
        long started = System.nanoTime();
        RawHttp.Response response = request.get();
        long elapsed = System.nanoTime() - started;
        assertThat(response.body()).isEqualTo(SignInTest.LOGIN_FAILED);
        return elapsed;
    }

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }
}
