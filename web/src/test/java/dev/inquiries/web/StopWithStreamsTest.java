package dev.inquiries.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.inquiries.domain.Roles;
import dev.inquiries.persistence.Database;
import dev.inquiries.persistence.LoginTokenRepository;
import dev.inquiries.persistence.UserRepository;
import dev.inquiries.persistence.testing.TestDatabase;
import dev.inquiries.persistence.testing.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code serve} as its own process, first started on an empty database and then stopped with SIGTERM while 100
 * live-queue streams are open: the first start logs no warning (the live queue starts reading only once the
 * migrations have run), the streams are ended at once when stopping begins instead of holding the server for its
 * grace period, and nothing is logged as a failure.
 */
@Timeout(120)
class StopWithStreamsTest {

    private static final int STREAMS = 100;
    /** Long, so that a server the streams held would plainly miss the bound below. */
    private static final String GRACE_PERIOD = "PT30S";
    private static final long EXITS_WITHIN_SECONDS = 15;

    private TestDatabase testDatabase;

    @BeforeEach
    void arrange() {
        testDatabase = TestDatabases.createEmpty();
    }

    @AfterEach
    void drop() {
        testDatabase.close();
    }

    @Test
    void aFirstStartWarnsOfNothingAndStoppingEndsOpenStreamsAtOnce() throws Exception {
        ServeProcess process = ServeProcess.start(testDatabase,
                Map.of("SERVER_SHUTDOWN_dash_GRACE_dash_PERIOD", GRACE_PERIOD));
        Process serve = process.process();
        List<String> output = process.output();
        List<EventStreamClient> streams = new ArrayList<>();
        try (process) {
            int port = process.awaitPort();
            List<String> admin;
            try (Database database = testDatabase.open()) {
                new UserRepository(database).add("root", null, List.of(Roles.ADMIN));
                admin = ApiServerExtension.headers(
                        new LoginTokenRepository(database, Settings.defaults().tokenLifetime()).create("root"));
            }
            for (int i = 0; i < STREAMS; i++) {
                EventStreamClient stream = EventStreamClient.open(port, StreamTest.STREAM, admin);
                streams.add(stream);
                assertThat(stream.status()).isEqualTo(200);
                assertThat(stream.next(Duration.ofSeconds(10)).name()).isEqualTo("reset");
            }
            assertThat(output).as("a first start's log").noneMatch(line -> line.contains("WARNING"));

            long stopping = System.nanoTime();
            serve.destroy(); // SIGTERM
            assertThat(serve.waitFor(EXITS_WITHIN_SECONDS, TimeUnit.SECONDS))
                    .as("serve exits well within its grace period of " + GRACE_PERIOD + ":\n" + String.join("\n", output))
                    .isTrue();
            Duration took = Duration.ofNanos(System.nanoTime() - stopping);
            assertThat(serve.exitValue()).as(String.join("\n", output)).isZero();
            assertThat(streams).allMatch(EventStreamClient::ended);
            assertThat(streams).allMatch(stream -> stream.drain().isEmpty());
            assertThat(output).as("the log of a stop with %d streams open, which took %s", STREAMS, took)
                    .noneMatch(line -> line.contains("SEVERE") || line.contains("WARNING") || line.contains("Exception"));
        } finally {
            streams.forEach(EventStreamClient::close);
        }
    }
}
