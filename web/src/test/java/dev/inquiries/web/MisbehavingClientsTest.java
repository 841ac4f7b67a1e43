package dev.inquiries.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import dev.inquiries.domain.Roles;
import dev.inquiries.persistence.testing.Await;
import dev.inquiries.web.api.ErrorResponses;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Clients that never finish sending, that hang up mid-response, or that send oversized requests: each
 * gets a clear 4xx JSON or nothing at all, and the server keeps serving everyone else.
 */
class MisbehavingClientsTest {

    @RegisterExtension
    static final ApiServerExtension API = ApiServerExtension.onTestDatabase();

    private static List<String> admin;

    private final RawHttp http = API.http();
    private final int port = API.port();

    @BeforeAll
    static void arrange() {
        admin = API.loginWithRoles("root", Roles.ADMIN);
        for (int i = 0; i < 100; i++) {
            API.inquiry("q" + i, "Visitor " + i, Instant.parse("2024-01-01T00:00:00Z").plusSeconds(i), "queued", null);
        }
    }

    @Test
    void keepsServingWhileClientsNeverFinishTheirRequests() throws Exception {
        List<Socket> stalled = new ArrayList<>();
        try {
            for (int i = 0; i < 200; i++) {
                Socket socket = new Socket("localhost", port);
                OutputStream out = socket.getOutputStream();
                // Half a request line, or a request whose headers never end.
                out.write((i % 2 == 0 ? "GET /api/v1/livechat/inqui" : "GET " + ApiServerExtension.LIST + " HTTP/1.1\r\nX-User-Id: ")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                stalled.add(socket);
            }

            long started = System.nanoTime();
            RawHttp.Response response = http.get(ApiServerExtension.LIST, admin);

            assertThat(response.status()).isEqualTo(200);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
        } finally {
            for (Socket socket : stalled) {
                socket.close();
            }
        }
    }

    @Test
    void keepsServingWhenClientsHangUpMidResponse() throws Exception {
        String request = "GET " + ApiServerExtension.LIST + "?count=100 HTTP/1.1\r\nHost: localhost\r\n"
                + String.join("\r\n", admin) + "\r\n\r\n";
        for (int i = 0; i < 100; i++) {
            try (Socket socket = new Socket("localhost", port)) {
                socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
                socket.getInputStream().read(); // the first byte of the response, then hang up hard
                socket.setSoLinger(true, 0);
            }
        }

        assertThat(http.get(ApiServerExtension.LIST + "?count=100", admin).status()).isEqualTo(200);
    }

    @Test
    void logsAClientThatHangsUpMidRequestOrMidResponseAsOneDebugLineAtMost() throws Exception {
        String unfinishedHeaders = "GET " + ApiServerExtension.LIST + " HTTP/1.1\r\nHost: localhost\r\nX-User-Id: ";
        String complete = "GET " + ApiServerExtension.LIST + "?count=100 HTTP/1.1\r\nHost: localhost\r\n"
                + String.join("\r\n", admin) + "\r\n\r\n";
        int rounds = 10;
        try (LogCapture logs = new LogCapture().including(ErrorResponses.class.getName(), Level.FINE)) {
            for (int i = 0; i < rounds; i++) {
                hangUp("GET /api/v1/livechat/inqui", false, false);
                hangUp(unfinishedHeaders, false, false);
                hangUp(unfinishedHeaders, false, true);
                hangUp("POST " + ApiServerExtension.LIST + " HTTP/1.1\r\nHost: localhost\r\nContent-Length: 1000\r\n\r\n{\"a\":",
                        false, false);
                hangUp(complete, true, false);
                hangUp(complete, true, true);
            }

            // A client that closes its side mid-headers gets its line; one that resets may be gone before it is read.
            Await.until(Duration.ofSeconds(10), () -> hungUpLines(logs).size() >= rounds,
                    () -> "a debug line for each client that hung up mid-headers: " + logs.all());
            assertThat(http.get(ApiServerExtension.LIST, admin).status()).isEqualTo(200);
            assertThat(logs.atLeast(Level.INFO)).isEmpty();
            assertThat(hungUpLines(logs)).hasSizeBetween(rounds, 2 * rounds)
                    .allSatisfy(line -> assertThat(line.getThrown()).isNull());
            assertThat(logs.records(Level.ALL)).allSatisfy(line -> assertThat(line.getThrown()).isNull());
        }
    }

    /** Sends the bytes, reads the first byte of the answer when told to, and hangs up: hard (a reset) or not. */
    private void hangUp(String sent, boolean readFirst, boolean reset) throws IOException {
        try (Socket socket = new Socket("localhost", port)) {
            socket.getOutputStream().write(sent.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            if (readFirst) {
                assertThat(socket.getInputStream().read()).isNotNegative();
            }
            if (reset) {
                socket.setSoLinger(true, 0);
            }
        }
    }

    private static List<LogRecord> hungUpLines(LogCapture logs) {
        return logs.records(Level.ALL).stream()
                .filter(line -> line.getLevel() == Level.FINE && line.getMessage().endsWith("hung up before its headers ended"))
                .toList();
    }

    @Test
    void answersManyParametersWithAClear400() {
        String many = IntStream.range(0, 300).mapToObj(i -> "p" + i + "=1").collect(Collectors.joining("&"));

        RawHttp.Response response = http.get(ApiServerExtension.LIST + "?" + many, admin);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body()).contains("\"errorType\":\"invalid-params\"");
    }

    @Test
    void answersTheSameParameterRepeatedHundredsOfTimesWithAClear400() {
        String many = IntStream.range(0, 400).mapToObj(i -> "count=1").collect(Collectors.joining("&"));

        RawHttp.Response response = http.get(ApiServerExtension.LIST + "?" + many, admin);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body()).contains("must be given at most once [invalid-params]");
    }

    @Test
    void answersHugeOffsetsWithoutA500() {
        RawHttp.Response beyondInt = http.get(ApiServerExtension.LIST + "?offset=2147483648", admin);
        RawHttp.Response beyondLong = http.get(ApiServerExtension.LIST + "?offset=9223372036854775808", admin);
        RawHttp.Response absurd = http.get(ApiServerExtension.LIST + "?offset=" + "9".repeat(2000), admin);

        assertThat(beyondInt.status()).isEqualTo(200);
        assertThat(beyondInt.body()).isEqualTo(
                "{\"inquiries\":[],\"offset\":2147483648,\"count\":0,\"total\":100,\"success\":true}");
        assertThat(beyondLong.status()).isEqualTo(400);
        assertThat(beyondLong.body()).contains("\"errorType\":\"invalid-params\"");
        assertThat(absurd.status()).isEqualTo(400);
        assertThat(http.get(ApiServerExtension.LIST, admin).status()).isEqualTo(200);
    }

    @Test
    void answersAnOversizedQueryStringWith414JsonAndKeepsServing() {
        RawHttp.Response response = http.get(ApiServerExtension.LIST + "?sort=" + "%7B".repeat(5000), admin);

        assertThat(response.status()).isEqualTo(414);
        assertThat(response.header("Content-Type")).isEqualTo("application/json");
        assertThat(response.body()).startsWith("{\"success\":false,");
        assertThat(http.get(ApiServerExtension.LIST, admin).status()).isEqualTo(200);
    }
}
