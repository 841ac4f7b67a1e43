package dev.inquiries.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import dev.inquiries.persistence.testing.Await;

/**
 * {@code serve --demo} on the embedded PostgreSQL, stopped with SIGTERM while sixteen logins wait in the database:
 * the embedded PostgreSQL outlives them, so every one signs in, and then it stops with the process, which exits 0.
 * With {@code SERVER_HOST} given, the demo listens where it says, not on loopback only.
 */
@Timeout(240)
class EmbeddedShutdownTest {

    private static final int LOGINS = 16;
    private static final Pattern ALICE_PASSWORD = Pattern.compile("^\\s+alice\\s+\\S+\\s+(\\S+)$");
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @TempDir
    Path home;

    @Test
    void finishesTheLoginsInFlightBeforeStoppingTheEmbeddedPostgresAndExitsZero() throws Exception {
        Path dataDirectory = home.resolve("pgdata");
        int databasePort = freePort();
        try (ServeProcess serve = ServeProcess.startEmbedded(dataDirectory, Map.of(
                     "DB_EMBEDDED_PORT", String.valueOf(databasePort),
                     // Each login waits in the database holding a connection: room for all of them, and time
                     // to open them on a busy machine.
                     "DB_POOL_SIZE", String.valueOf(LOGINS + 4),
                     "DB_POOL_TIMEOUT", "PT60S",
                     "DB_STATEMENT_TIMEOUT", "PT120S",
                     "SERVER_SHUTDOWN_dash_GRACE_dash_PERIOD", "PT120S",
                     "SERVER_HOST", "0.0.0.0"), "serve", "--demo");
             ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            int port = serve.awaitPort();
            String login = "{\"user\":\"alice\",\"password\":\"" + serve.awaitLine(ALICE_PASSWORD) + "\"}";
            ProcessHandle postgres = ServeProcess.postmaster(dataDirectory).orElseThrow();
            assertThat(answersOn(otherAddressOfThisMachine(), port))
                    .as("SERVER_HOST=0.0.0.0 given: the demo listens on every interface").isTrue();
            String databaseUrl = "jdbc:postgresql://localhost:" + databasePort + "/inquiries?user=postgres";

            List<CompletableFuture<RawHttp.Response>> inFlight;
            try (Connection locker = DriverManager.getConnection(databaseUrl)) {
                locker.setAutoCommit(false);
                try (Statement statement = locker.createStatement()) {
                    // A login's last step, storing its token, waits for this lock.
                    statement.execute("LOCK TABLE login_tokens IN ACCESS EXCLUSIVE MODE");
                }
                RawHttp http = new RawHttp(port);
                inFlight = IntStream.range(0, LOGINS).mapToObj(i -> CompletableFuture.supplyAsync(
                        () -> http.postJson(SignInTest.LOGIN, List.of(), login), clients)).toList();
                awaitLoginsWaitingOnTheLock(databaseUrl, serve);

                serve.process().destroy(); // SIGTERM
                awaitRefused(port);
                release(locker);
            }

            for (CompletableFuture<RawHttp.Response> response : inFlight) {
                RawHttp.Response answer = response.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
                assertThat(answer.status()).as(answer.body() + "\n" + String.join("\n", serve.output())).isEqualTo(200);
                assertThat(answer.body()).contains("\"authToken\":\"");
            }
            assertThat(serve.process().waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS))
                    .as(String.join("\n", serve.output())).isTrue();
            assertThat(serve.process().exitValue()).as(String.join("\n", serve.output())).isZero();
            // Stopped by then: the process is gone a moment after it has removed its postmaster.pid.
            Await.until(Duration.ofSeconds(30), () -> !postgres.isAlive(), "the embedded PostgreSQL stopped with serve");
            assertThat(dataDirectory.resolve("postmaster.pid")).doesNotExist();
        }
    }

    private static void awaitLoginsWaitingOnTheLock(String databaseUrl, ServeProcess serve) throws SQLException {
        try (Connection observer = DriverManager.getConnection(databaseUrl)) {
            Await.until(PATIENCE, () -> query(observer, """
                    SELECT count(*) FROM pg_stat_activity
                     WHERE application_name = 'inquiries' AND wait_event_type = 'Lock'""").equals(String.valueOf(LOGINS)),
                    () -> "the logins never all waited in the database:\n" + query(observer, """
                            SELECT string_agg(application_name || ' ' || state || ' ' || coalesce(wait_event_type, '-')
                                              || ' ' || left(query, 60), E'\n')
                              FROM pg_stat_activity WHERE datname = current_database()""")
                            + "\n" + String.join("\n", serve.output()));
        }
    }

    private static String query(Connection connection, String sql) {
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return String.valueOf(result.getString(1));
        } catch (SQLException failure) {
            return failure.getMessage();
        }
    }

    /** Lets the waiting logins go on; with PostgreSQL stopped under them the connection is gone already. */
    private static void release(Connection locker) {
        try {
            locker.rollback();
        } catch (SQLException gone) {
            // The answers of the logins say what happened.
        }
    }

    private static void awaitRefused(int port) {
        Await.until(PATIENCE, () -> {
            try {
                new Socket("localhost", port).close();
                return false;
            } catch (ConnectException refused) {
                return true;
            }
        }, "the server refuses connections after SIGTERM");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** An IPv4 address of this machine other than loopback, to tell every interface from loopback only. */
    static InetAddress otherAddressOfThisMachine() throws SocketException {
        Optional<InetAddress> address = NetworkInterface.networkInterfaces()
                .filter(EmbeddedShutdownTest::isUp)
                .flatMap(NetworkInterface::inetAddresses)
                .filter(candidate -> candidate instanceof Inet4Address && !candidate.isLoopbackAddress())
                .findFirst();
        assumeTrue(address.isPresent(), "this machine has no address but loopback");
        return address.get();
    }

    /** Whether something accepts a connection on the address and port. */
    static boolean answersOn(InetAddress address, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 2_000);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }

    private static boolean isUp(NetworkInterface networkInterface) {
        try {
            return networkInterface.isUp();
        } catch (SocketException unknown) {
            return false;
        }
    }
}
