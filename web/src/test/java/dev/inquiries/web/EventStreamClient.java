package dev.inquiries.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Server-Sent Events client for the tests: it sends one GET (HTTP/1.1, the given header lines), reads the
 * status and headers, and then parses the chunked body into events on a thread of its own, so that a test takes
 * them one by one with a time limit. Comment lines are counted, not queued.
 */
final class EventStreamClient implements AutoCloseable {

    /** One event: its {@code event:}, {@code id:} (null without one) and {@code data:} lines. */
    record Event(String name, String id, String data) {
    }

    private final Socket socket;
    private final int status;
    private final Map<String, String> headers;
    private final String errorBody;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final AtomicInteger comments = new AtomicInteger();
    private final AtomicBoolean ended = new AtomicBoolean();

    private EventStreamClient(Socket socket, int status, Map<String, String> headers, String errorBody) {
        this.socket = socket;
        this.status = status;
        this.headers = headers;
        this.errorBody = errorBody;
    }

    /** Opens a stream and starts reading its events. */
    static EventStreamClient open(int port, String target, List<String> headerLines) {
        return open(port, target, headerLines, 0);
    }

    /**
     * Opens a stream; with {@code receiveBuffer} above 0 the socket's receive buffer is that small and nothing is
     * read after the headers (a subscriber that does not read), until {@link #startReading()}.
     */
    static EventStreamClient open(int port, String target, List<String> headerLines, int receiveBuffer) {
        try {
            Socket socket = new Socket();
            if (receiveBuffer > 0) {
                socket.setReceiveBufferSize(receiveBuffer);
            }
            socket.connect(new InetSocketAddress("localhost", port), 5_000);
            socket.setSoTimeout(30_000);
            StringBuilder request = new StringBuilder("GET ").append(target).append(" HTTP/1.1\r\n")
                    .append("Host: localhost:").append(port).append("\r\n")
                    .append("Accept: text/event-stream\r\n");
            headerLines.forEach(line -> request.append(line).append("\r\n"));
            request.append("\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            String statusLine = line(in);
            int status = Integer.parseInt(statusLine.split(" ")[1]);
            Map<String, String> headers = new LinkedHashMap<>();
            for (String line = line(in); !line.isEmpty(); line = line(in)) {
                int colon = line.indexOf(':');
                headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
            }
            if (status != 200) {
                String body = headers.containsKey("content-length")
                        ? new String(in.readNBytes(Integer.parseInt(headers.get("content-length"))), StandardCharsets.UTF_8)
                        : "";
                socket.close();
                return new EventStreamClient(socket, status, headers, body);
            }
            EventStreamClient client = new EventStreamClient(socket, status, headers, null);
            if (receiveBuffer <= 0) {
                client.startReading();
            }
            return client;
        } catch (IOException failure) {
            throw new UncheckedIOException(failure);
        }
    }

    /** Starts parsing events (done at once unless the stream was opened as a non-reading one). */
    void startReading() {
        Thread.ofVirtual().name("event-stream-client").start(this::read);
    }

    int status() {
        return status;
    }

    String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    /** The body of a refused stream. */
    String errorBody() {
        return errorBody;
    }

    /** The next event, waiting at most the limit; fails when none comes. */
    Event next(Duration limit) {
        Optional<Event> event = poll(limit);
        if (event.isEmpty()) {
            throw new AssertionError("No event within " + limit + (ended.get() ? " (the stream ended)" : ""));
        }
        return event.get();
    }

    /** The next event within the limit, if one comes. */
    Optional<Event> poll(Duration limit) {
        try {
            return Optional.ofNullable(events.poll(limit.toNanos(), TimeUnit.NANOSECONDS));
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted while waiting for an event", interrupted);
        }
    }

    /** Every event received and not taken yet. */
    List<Event> drain() {
        List<Event> drained = new ArrayList<>();
        events.drainTo(drained);
        return drained;
    }

    /** Comment lines received so far. */
    int comments() {
        return comments.get();
    }

    /** Whether the server ended the stream (or the connection broke). */
    boolean ended() {
        return ended.get();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Closing is all a test wants of it.
        }
    }

    private void read() {
        try {
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream pending = new ByteArrayOutputStream();
            for (int size = chunkSize(in); size > 0; size = chunkSize(in)) {
                pending.write(in.readNBytes(size));
                line(in);
                pending = parse(pending);
            }
        } catch (IOException | RuntimeException endOfStream) {
            // The server closed or reset the connection: the stream is over.
        } finally {
            ended.set(true);
        }
    }

    /** Takes every complete event (a block ending in a blank line) out of the bytes; returns the rest. */
    private ByteArrayOutputStream parse(ByteArrayOutputStream pending) {
        String text = pending.toString(StandardCharsets.UTF_8);
        int end;
        while ((end = text.indexOf("\n\n")) >= 0) {
            String block = text.substring(0, end);
            text = text.substring(end + 2);
            String name = "message";
            String id = null;
            StringBuilder data = null;
            boolean onlyComments = true;
            for (String line : block.split("\n")) {
                if (line.startsWith(":")) {
                    comments.incrementAndGet();
                    continue;
                }
                onlyComments = false;
                int colon = line.indexOf(':');
                String field = colon < 0 ? line : line.substring(0, colon);
                String value = colon < 0 ? "" : line.substring(colon + 1).replaceFirst("^ ", "");
                switch (field) {
                    case "event" -> name = value;
                    case "id" -> id = value;
                    case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                    default -> {
                    }
                }
            }
            if (!onlyComments) {
                events.add(new Event(name, id, data == null ? "" : data.toString()));
            }
        }
        ByteArrayOutputStream rest = new ByteArrayOutputStream();
        rest.writeBytes(text.getBytes(StandardCharsets.UTF_8));
        return rest;
    }

    private static int chunkSize(InputStream in) throws IOException {
        String line = line(in).trim();
        int extension = line.indexOf(';');
        return Integer.parseInt(extension < 0 ? line : line.substring(0, extension), 16);
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b == -1) {
                throw new IOException("connection closed mid-line");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.UTF_8);
    }
}
