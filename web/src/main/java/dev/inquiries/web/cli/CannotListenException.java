package dev.inquiries.web.cli;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * The web server cannot listen where {@code SERVER_HOST} and {@code SERVER_PORT} say, most often because
 * another program holds the port. Said in one line that names the port and the setting to change.
 */
final class CannotListenException extends RuntimeException {

    private CannotListenException(String message) {
        super(message);
    }

    /**
     * Fails when the port cannot be listened on now, before anything else is started. Port 0 (any free one)
     * always can. The server's own start is checked as well, since another program may take the port between.
     */
    static void probe(String host, int port) {
        if (port == 0) {
            return;
        }
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(host, port));
        } catch (IOException failure) {
            throw of(host, port, failure);
        }
    }

    /** The server did not start listening: says why, as far as a fresh attempt to bind shows it. */
    static CannotListenException afterStart(String host, int port) {
        try {
            probe(host, port);
        } catch (CannotListenException known) {
            return known;
        }
        return new CannotListenException("could not listen on " + host + ":" + port + " (SERVER_HOST, SERVER_PORT); "
                + "the log above says why");
    }

    private static CannotListenException of(String host, int port, IOException failure) {
        String reason = failure.getMessage() == null ? "" : failure.getMessage();
        if (failure instanceof BindException && reason.contains("in use")) {
            return new CannotListenException("port " + port + " is in use (SERVER_PORT); stop what uses it or set "
                    + "SERVER_PORT to a free port");
        }
        return new CannotListenException("cannot listen on " + host + ":" + port + " (SERVER_HOST, SERVER_PORT): "
                + reason + "; set SERVER_HOST to an address of this machine and SERVER_PORT to a free port");
    }
}
