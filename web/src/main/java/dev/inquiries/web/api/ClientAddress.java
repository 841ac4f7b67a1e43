package dev.inquiries.web.api;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;

/**
 * Whose request it is, for the counts kept per client address (failed logins, the visitor endpoints' rate limits):
 * the connection's peer, or behind a trusted proxy ({@code auth.login.proxy.trusted}) the last address that proxy
 * appended to {@code X-Forwarded-For}. Only the last one: the ones before it are whatever the client sent.
 */
public final class ClientAddress {

    private static final HeaderName FORWARDED_FOR = HeaderNames.create("X-Forwarded-For");

    private final boolean trustProxy;

    /**
     * @param trustProxy whether the client address is the last one a proxy in front added to
     *                   {@code X-Forwarded-For}, rather than the connection's peer
     */
    public ClientAddress(boolean trustProxy) {
        this.trustProxy = trustProxy;
    }

    /** The request's client address. */
    public String of(ServerRequest request) {
        if (trustProxy) {
            List<String> forwarded = request.headers().all(FORWARDED_FOR, List::of);
            if (!forwarded.isEmpty()) {
                String[] hops = forwarded.getLast().split(",");
                String last = hops[hops.length - 1].strip();
                if (!last.isEmpty()) {
                    return last;
                }
            }
        }
        SocketAddress peer = request.remotePeer().address();
        return peer instanceof InetSocketAddress inet && inet.getAddress() != null
                ? inet.getAddress().getHostAddress()
                : String.valueOf(peer);
    }
}
