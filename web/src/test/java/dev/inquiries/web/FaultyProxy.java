package dev.inquiries.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy between the service and PostgreSQL that a test can break: {@link #cut()} resets every
 * connection and refuses new ones (the database is gone), {@link #blackhole()} keeps accepting but never
 * forwards a byte (a network partition), {@link #restore()} forwards again on the same port.
 */
final class FaultyProxy implements AutoCloseable {

    private enum Mode { FORWARD, BLACKHOLE, CUT }

    private final String targetHost;
    private final int targetPort;
    private final int port;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private volatile Mode mode = Mode.FORWARD;
    private volatile ServerSocket listener;

    FaultyProxy(String targetHostAndPort) throws IOException {
        String[] parts = targetHostAndPort.split(":");
        this.targetHost = parts[0];
        this.targetPort = parts.length > 1 ? Integer.parseInt(parts[1]) : 5432;
        ServerSocket first = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.port = first.getLocalPort();
        listen(first);
    }

    int port() {
        return port;
    }

    /** The database is gone: every connection is reset, new ones are refused. */
    synchronized void cut() throws IOException {
        mode = Mode.CUT;
        listener.close();
        resetAll();
    }

    /** The network drops everything: connections stay open, nothing gets through either way. */
    synchronized void blackhole() {
        mode = Mode.BLACKHOLE;
    }

    /** The database is back on the same port. */
    synchronized void restore() throws IOException {
        resetAll();
        mode = Mode.FORWARD;
        if (listener.isClosed()) {
            ServerSocket again = new ServerSocket();
            again.setReuseAddress(true);
            again.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
            listen(again);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        listener.close();
        resetAll();
    }

    private void listen(ServerSocket serverSocket) {
        listener = serverSocket;
        Thread.ofVirtual().start(() -> {
            while (!serverSocket.isClosed()) {
                try {
                    Socket client = serverSocket.accept();
                    sockets.add(client);
                    if (mode == Mode.CUT) {
                        reset(client);
                        continue;
                    }
                    Thread.ofVirtual().start(() -> connect(client));
                } catch (IOException closed) {
                    return;
                }
            }
        });
    }

    private void connect(Socket client) {
        if (mode == Mode.BLACKHOLE) {
            return; // accepted, never answered
        }
        if (mode == Mode.CUT) {
            reset(client);
            return;
        }
        try {
            Socket server = new Socket(targetHost, targetPort);
            sockets.add(server);
            Thread.ofVirtual().start(() -> pump(client, server));
            Thread.ofVirtual().start(() -> pump(server, client));
        } catch (IOException failure) {
            reset(client);
        }
    }

    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[16384];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                while (mode == Mode.BLACKHOLE && !from.isClosed()) {
                    Thread.sleep(20);
                }
                if (mode == Mode.CUT) {
                    break;
                }
                out.write(buffer, 0, read);
                out.flush();
            }
        } catch (IOException | InterruptedException broken) {
            // one side went away; the other follows
        } finally {
            reset(from);
            reset(to);
        }
    }

    private void resetAll() {
        sockets.forEach(FaultyProxy::reset);
        sockets.clear();
    }

    private static void reset(Socket socket) {
        try {
            socket.setSoLinger(true, 0);
            socket.close();
        } catch (IOException ignored) {
            // already gone
        }
    }
}
