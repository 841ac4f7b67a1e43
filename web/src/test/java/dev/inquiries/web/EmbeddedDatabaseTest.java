package dev.inquiries.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import dev.inquiries.persistence.testing.Await;
import dev.inquiries.web.cli.InquiriesCommand;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first command, {@code serve --demo} on the embedded PostgreSQL, running in a process of its
 * own, and the commands of the README run beside it on the same data directory: they use its server instead
 * of starting a second one on the locked directory, and the settings of {@code db.*} apply to the embedded
 * PostgreSQL as to any other.
 */
class EmbeddedDatabaseTest {

    private static final Pattern SERVING = Pattern.compile("Serving on port (\\d+)");
    private static final Pattern PSQL = Pattern.compile("^Embedded PostgreSQL: psql -h (\\S+) -p (\\d+) -U (\\S+) (\\S+)$");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path home;

    private static Process serve;
    private static final List<String> OUTPUT = new CopyOnWriteArrayList<>();
    private static int port;

    @BeforeAll
    static void startServeDemo() throws Exception {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        ProcessBuilder builder = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classPath, Main.class.getName(), "serve", "--demo");
        builder.environment().keySet().removeIf(name -> name.startsWith("DB_"));
        builder.environment().put("DB_EMBEDDED_DIR", dataDirectory().toString());
        builder.environment().put("SERVER_PORT", "0");
        builder.redirectErrorStream(true);
        serve = builder.start();
        Thread.ofVirtual().start(() -> {
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8))) {
                lines.lines().forEach(OUTPUT::add);
            } catch (IOException ignored) {
                // the process is gone
            }
        });
        port = awaitPort();
    }

    @AfterAll
    static void stopServe() throws InterruptedException {
        serve.destroy();
        boolean stopped = serve.waitFor(30, TimeUnit.SECONDS);
        serve.destroyForcibly();
        assertThat(stopped).as(String.join("\n", OUTPUT)).isTrue();
        assertThat(serve.exitValue()).as(String.join("\n", OUTPUT)).isZero();
        assertThat(dataDirectory().resolve("postmaster.pid")).as("the embedded PostgreSQL stopped with serve").doesNotExist();
    }

    @Test
    void addsADashboardUserAndATokenThatListsWhileTheDemoServes() throws Exception {
        Map<String, String> configuration = Map.of("db.embedded.dir", dataDirectory().toString());

        CommandRun user = CommandRun.of(configuration, "users", "add", "--username", "dashboard", "--roles", "livechat-monitor");
        CommandRun token = CommandRun.of(configuration, "tokens", "create", "--username", "dashboard");

        assertThat(user.exitCode()).as(user.err()).isZero();
        assertThat(JSON.readTree(user.out()).get("username").asText()).isEqualTo("dashboard");
        assertThat(token.exitCode()).as(token.err()).isZero();
        JsonNode issued = JSON.readTree(token.out());
        RawHttp.Response list = new RawHttp(port).get(ApiServerExtension.LIST, List.of(
                "X-User-Id: " + issued.get("userId").asText(), "X-Auth-Token: " + issued.get("authToken").asText()));
        assertThat(list.status()).as(list.body()).isEqualTo(200);
        assertThat(JSON.readTree(list.body()).get("total").asLong()).isPositive();
    }

    @Test
    void printsTheQueuePagesAddressWhichServesThePage() {
        String address = "http://localhost:" + port + "/";
        Await.until(Duration.ofSeconds(10), () -> OUTPUT.contains("Queue page: " + address),
                () -> "serve --demo printed no line \"Queue page: " + address + "\":\n" + String.join("\n", OUTPUT));

        RawHttp.Response page = new RawHttp(port).get("/", List.of());

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Type")).isEqualTo("text/html; charset=UTF-8");
        assertThat(page.body()).contains("<title>Inquiries: the queue</title>");
    }

    @Test
    void listensOnLoopbackOnlyWhileItPrintsPasswords() throws Exception {
        InetAddress other = EmbeddedShutdownTest.otherAddressOfThisMachine();

        assertThat(EmbeddedShutdownTest.answersOn(InetAddress.getLoopbackAddress(), port)).isTrue();
        assertThat(EmbeddedShutdownTest.answersOn(other, port)).as("serve --demo answers on " + other).isFalse();
    }

    @Test
    void printsHowToReachTheEmbeddedDatabaseWithPsqlWithoutAPassword() throws Exception {
        Matcher psql = Await.value(Duration.ofSeconds(10), () -> OUTPUT.stream().map(PSQL::matcher)
                .filter(Matcher::matches).findFirst(), () -> "serve --demo printed no psql line:\n" + String.join("\n", OUTPUT));

        String url = "jdbc:postgresql://" + psql.group(1) + ":" + psql.group(2) + "/" + psql.group(4) + "?user=" + psql.group(3);
        try (Connection connection = DriverManager.getConnection(url);
             Statement statement = connection.createStatement();
             ResultSet queued = statement.executeQuery("SELECT count(*) FROM inquiries WHERE status = 'queued'")) {
            queued.next();
            assertThat(queued.getLong(1)).isPositive();
        }
    }

    @Test
    void appliesThePoolAndTimeoutSettingsToTheEmbeddedDatabase() throws Exception {
        Settings settings = Settings.from(Config.just(ConfigSources.create(Map.of(
                "db.embedded.dir", dataDirectory().toString(),
                "db.pool.size", "3",
                "db.pool.timeout", "PT1.5S",
                "db.statement.timeout", "PT2.5S"))));

        try (DatabaseLauncher launched = DatabaseLauncher.openAndMigrate(settings)) {
            HikariDataSource pool = (HikariDataSource) launched.database().dataSource();
            assertThat(pool.getMaximumPoolSize()).isEqualTo(3);
            assertThat(pool.getConnectionTimeout()).isEqualTo(1500);
            try (Connection connection = pool.getConnection();
                 Statement statement = connection.createStatement();
                 ResultSet timeout = statement.executeQuery("SHOW statement_timeout")) {
                timeout.next();
                assertThat(timeout.getString(1)).isEqualTo("2500ms");
            }
        }
        assertThat(new RawHttp(port).get("/observe/health/ready", List.of()).status())
                .as("the server of serve keeps running").isEqualTo(200);
    }

    @Test
    void saysWhatToDoWhenTheDataDirectoryIsHeldByAProcessThatIsNoPostgres() throws Exception {
        Path held = home.resolve("held");
        Files.createDirectories(held);
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        long pid = ProcessHandle.current().pid();
        Files.writeString(held.resolve("postmaster.pid"), pid + "\n" + held + "\n1700000000\n" + closedPort + "\n");

        CommandRun run = CommandRun.of(Map.of("db.embedded.dir", held.toString()), "users", "add", "--username", "x");

        assertThat(run.exitCode()).isEqualTo(InquiriesCommand.FAILED);
        assertThat(run.err().lines()).hasSize(1);
        assertThat(run.err()).startsWith("inquiries: The embedded PostgreSQL's data directory " + held
                        + " is in use by process " + pid + " (its postmaster.pid), whose PostgreSQL does not answer on "
                        + "localhost:" + closedPort)
                .endsWith("wait until it has started, or stop that process, or set DB_EMBEDDED_DIR to another directory\n")
                .doesNotContain("root");
    }

    private static Path dataDirectory() {
        return home.resolve("pgdata");
    }

    private static int awaitPort() throws InterruptedException {
        for (int i = 0; i < 1200 && serve.isAlive(); i++) {
            for (String line : OUTPUT) {
                Matcher serving = SERVING.matcher(line);
                if (serving.find()) {
                    return Integer.parseInt(serving.group(1));
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("serve --demo did not start:\n" + String.join("\n", OUTPUT));
    }
}
