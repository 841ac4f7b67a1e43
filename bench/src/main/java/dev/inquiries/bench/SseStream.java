package dev.inquiries.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.LockSupport;

/**
 * One Server-Sent Events stream of the service, read over a plain socket (the load tools open thousands, one
 * virtual thread each): opened with retries while the service answers 503, then read chunk by chunk, each
 * complete event (a block ending in a blank line) handed on with the time its chunk arrived.
 */
final class SseStream {

    /** What a stream's reader does with each event block ({@code id:}, {@code event:}, {@code data:} lines). */
    @FunctionalInterface
    interface Events {
        void accept(String block, long arrivedNanos);
    }

    private SseStream() {
    }

    /**
     * Opens {@code GET target} with these headers; while the service answers 503 it tries again every 100 ms
     * until {@code limit} has passed. {@code opening} bounds how many are being opened at once.
     */
    static Socket open(URI service, String target, Map<String, String> headers, Semaphore opening, Duration limit)
            throws IOException {
        long until = System.nanoTime() + limit.toNanos();
        while (true) {
            opening.acquireUninterruptibly();
            Socket socket = new Socket();
            int status;
            try {
                socket.connect(new InetSocketAddress(service.getHost(), service.getPort()), 10_000);
                StringBuilder request = new StringBuilder("GET ").append(target).append(" HTTP/1.1\r\n")
                        .append("Host: ").append(service.getHost()).append(':').append(service.getPort()).append("\r\n")
                        .append("Accept: text/event-stream\r\n");
                headers.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
                OutputStream out = socket.getOutputStream();
                out.write(request.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
                out.flush();
                InputStream in = socket.getInputStream();
                status = Integer.parseInt(PlainHttp.line(in).split(" ")[1]);
                boolean chunked = false;
                for (String header = PlainHttp.line(in); !header.isEmpty(); header = PlainHttp.line(in)) {
                    chunked |= header.toLowerCase(Locale.ROOT).startsWith("transfer-encoding:")
                            && header.toLowerCase(Locale.ROOT).contains("chunked");
                }
                if (status == 200) {
                    if (!chunked) {
                        throw new IOException("the stream's body is not chunked");
                    }
                    return socket;
                }
            } catch (IOException failure) {
                socket.close();
                throw failure;
            } finally {
                opening.release();
            }
            socket.close();
            if (status != 503 || System.nanoTime() > until) {
                throw new IOException("the stream was answered " + status);
            }
            LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        }
    }

    /** Reads the open stream until the server ends it (returns) or the connection fails (throws). */
    static void read(Socket socket, Events events) throws IOException {
        InputStream in = new BufferedInputStream(socket.getInputStream(), 8192);
        StringBuilder pending = new StringBuilder();
        for (int size = PlainHttp.chunkSize(in); size > 0; size = PlainHttp.chunkSize(in)) {
            byte[] chunk = in.readNBytes(size);
            long arrived = System.nanoTime();
            PlainHttp.line(in);
            pending.append(new String(chunk, StandardCharsets.UTF_8));
            int end;
            while ((end = pending.indexOf("\n\n")) >= 0) {
                String block = pending.substring(0, end);
                pending.delete(0, end + 2);
                events.accept(block, arrived);
            }
        }
    }
}
