package dev.inquiries.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/**
 * One kept-alive HTTP/1.1 connection to the service over a plain socket, for a load tool's client that sends one
 * request after the other: on this 2-core machine a load tool shares the cores with what it measures, and
 * {@code java.net.http.HttpClient} cost the routing benchmark's clients 1.7–2.6 ms of CPU per chat (two requests).
 * Bodies are read whole (by {@code Content-Length} or chunked); a request whose kept connection fails (other than
 * by the timeout) is sent once more on a new one. Not thread-safe: one per client.
 */
final class PlainHttp implements Closeable {

    /** A status and the body as text. */
    record Answer(int status, String body) {
    }

    private final String host;
    private final int port;
    private final int timeoutMillis;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    PlainHttp(URI service, Duration timeout) {
        this.host = service.getHost();
        this.port = service.getPort();
        this.timeoutMillis = Math.toIntExact(timeout.toMillis());
    }

    Answer get(String target) throws IOException {
        return exchange("GET", target, null);
    }

    Answer post(String target, String json) throws IOException {
        return exchange("POST", target, json.getBytes(StandardCharsets.UTF_8));
    }

    private Answer exchange(String method, String target, byte[] body) throws IOException {
        while (true) {
            boolean kept = socket != null;
            if (!kept) {
                connect();
            }
            try {
                write(method, target, body);
                return read();
            } catch (SocketTimeoutException slow) {
                close();
                throw slow;
            } catch (IOException failure) {
                close();
                if (!kept) {
                    throw failure;
                }
                // The kept connection failed (the server may close one that was idle): once more on a new one.
            }
        }
    }

    private void connect() throws IOException {
        Socket opened = new Socket();
        try {
            opened.connect(new InetSocketAddress(host, port), timeoutMillis);
            opened.setSoTimeout(timeoutMillis);
            opened.setTcpNoDelay(true);
            in = new BufferedInputStream(opened.getInputStream(), 8192);
            out = new BufferedOutputStream(opened.getOutputStream(), 2048);
        } catch (IOException failure) {
            opened.close();
            throw failure;
        }
        socket = opened;
    }

    private void write(String method, String target, byte[] body) throws IOException {
        StringBuilder head = new StringBuilder(160).append(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                .append("Host: ").append(host).append(':').append(port).append("\r\n");
        if (body != null) {
            head.append("Content-Type: application/json\r\nContent-Length: ").append(body.length).append("\r\n");
        }
        out.write(head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
        if (body != null) {
            out.write(body);
        }
        out.flush();
    }

    private Answer read() throws IOException {
        String statusLine = line(in);
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP/1.1 answer: " + statusLine);
        }
        int status = Integer.parseInt(parts[1]);
        long length = -1;
        boolean chunked = false;
        boolean closing = false;
        for (String header = line(in); !header.isEmpty(); header = line(in)) {
            int colon = header.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = header.substring(colon + 1).trim().toLowerCase(Locale.ROOT);
            switch (name) {
                case "content-length" -> length = Long.parseLong(value);
                case "transfer-encoding" -> chunked = value.contains("chunked");
                case "connection" -> closing = value.contains("close");
                default -> { }
            }
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream(length > 0 ? (int) length : 512);
        if (chunked) {
            for (int size = chunkSize(in); size > 0; size = chunkSize(in)) {
                body.write(in.readNBytes(size));
                line(in);
            }
            for (String trailer = line(in); !trailer.isEmpty(); trailer = line(in)) {
                // trailers: none expected, read past
            }
        } else if (length > 0) {
            byte[] bytes = in.readNBytes((int) length);
            if (bytes.length < length) {
                throw new IOException("connection closed mid-body");
            }
            body.write(bytes);
        }
        if (closing) {
            close();
        }
        return new Answer(status, body.toString(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing: nothing left to do with it
            }
            socket = null;
        }
    }

    /** The size line of a chunk of a chunked body. */
    static int chunkSize(InputStream in) throws IOException {
        String line = line(in).trim();
        int extension = line.indexOf(';');
        return Integer.parseInt(extension < 0 ? line : line.substring(0, extension), 16);
    }

    /** One line of an HTTP head or chunked body, without its CR LF. */
    static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(64);
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
