package dev.inquiries.web.api;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

import dev.inquiries.persistence.RequestCounts;
import dev.inquiries.persistence.RequestCounts.Count;
import dev.inquiries.web.api.json.RefusalJson;
import dev.inquiries.web.observe.RequestIds;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * Rocket.Chat's per-client-address rate limit of named endpoints ({@code livechat/visitor} and {@code livechat/room},
 * {@code api.visitors.rate.*}): at most {@code limit} requests of one address to one endpoint in a window that starts
 * with its first request. The count is kept in PostgreSQL by one statement per request ({@link RequestCounts}), so
 * that every instance enforces the same limit exactly. A request beyond it gets Rocket.Chat's 429, with the whole
 * seconds until the window ends in its body and in {@code Retry-After}. An endpoint puts its handler behind the
 * limit with one line:
 * <pre>
 * Endpoints.only(rules, Method.POST, "/visitor", limits.guard("livechat/visitor", this::visitor));
 * </pre>
 * A flood from one address must not make other addresses wait. Its row is its own (other addresses never wait on
 * its lock), and two things keep it from taking the pool's connections: an address over its limit is remembered here
 * until its window ends (a fact no other instance can change: a window only ends, its count only grows), so that its
 * requests are refused without touching the database; and on each instance one request per address and endpoint at
 * a time is counted (the others wait here, on a lock of their own key's stripe, holding no connection, and most then
 * find the refusal remembered). So a flooding address holds at most one connection per instance, at window
 * boundaries only. A limit of 0 is none.
 */
public final class RateLimits {

    private static final String TOO_MANY = "Error, too many requests. Please slow down. You must wait %d seconds "
            + "before trying this endpoint again. [error-too-many-requests]";
    /** Addresses remembered as over their limit at most; beyond it the database refuses them, as it always can. */
    private static final int REMEMBERED = 10_000;
    /** Locks that one key's requests are counted under, one at a time; other keys seldom share one. */
    private static final int STRIPES = 256;

    private final RequestCounts counts;
    private final int limit;
    private final Duration window;
    private final ClientAddress clientAddress;
    private final Clock clock;
    private final Map<Key, Instant> refusedUntil = new ConcurrentHashMap<>();
    private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];

    /** One endpoint's client address. */
    private record Key(String route, String address) {
    }

    /**
     * @param limit  requests of one address to one endpoint in a window; 0 or less: no limit
     * @param window how long a window lasts from its first request
     */
    public RateLimits(RequestCounts counts, int limit, Duration window, ClientAddress clientAddress, Clock clock) {
        this.counts = counts;
        this.limit = limit;
        this.window = window;
        this.clientAddress = clientAddress;
        this.clock = clock;
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new ReentrantLock();
        }
    }

    /**
     * The handler behind the limit of the endpoint named {@code route} (Rocket.Chat's name, {@code livechat/room}):
     * every request is counted before the handler sees it, malformed ones included, as Rocket.Chat counts them.
     */
    public Handler guard(String route, Handler handler) {
        if (limit <= 0) {
            return handler;
        }
        return (request, response) -> {
            long wait = secondsToWait(new Key(route, clientAddress.of(request)));
            if (wait > 0) {
                refuse(request, response, wait);
            } else {
                handler.handle(request, response);
            }
        };
    }

    /** Counts the request; 0 when it is within the limit, else the whole seconds (at least 1) until its window ends. */
    private long secondsToWait(Key key) {
        long remembered = rememberedWait(key, clock.instant());
        if (remembered > 0) {
            return remembered;
        }
        ReentrantLock stripe = stripes[Math.floorMod(key.hashCode(), STRIPES)];
        stripe.lock();
        try {
            Instant now = clock.instant();
            remembered = rememberedWait(key, now);
            if (remembered > 0) {
                return remembered;
            }
            Count count = counts.count(key.route(), key.address(), window, now);
            if (count.hits() <= limit) {
                return 0;
            }
            remember(key, count.windowEnds(), now);
            return wholeSeconds(now, count.windowEnds());
        } finally {
            stripe.unlock();
        }
    }

    /** The seconds a key remembered as over its limit still waits; 0 when none is remembered (any more). */
    private long rememberedWait(Key key, Instant now) {
        Instant until = refusedUntil.get(key);
        if (until == null) {
            return 0;
        }
        if (now.isBefore(until)) {
            return wholeSeconds(now, until);
        }
        refusedUntil.remove(key, until);
        return 0;
    }

    private void remember(Key key, Instant until, Instant now) {
        if (refusedUntil.size() >= REMEMBERED) {
            refusedUntil.values().removeIf(end -> !now.isBefore(end));
        }
        if (refusedUntil.size() < REMEMBERED) {
            refusedUntil.put(key, until);
        }
    }

    /** Rocket.Chat's {@code Math.ceil(timeToReset / 1000)}, never 0 for a window that has not ended. */
    private static long wholeSeconds(Instant now, Instant end) {
        long millis = Duration.between(now, end).toMillis();
        return Math.max(1, (millis + 999) / 1000);
    }

    private static void refuse(ServerRequest request, ServerResponse response, long seconds) {
        response.status(Status.TOO_MANY_REQUESTS_429)
                .header(HeaderValues.CONTENT_TYPE_JSON)
                .header(HeaderValues.CACHE_NO_CACHE)
                .header(HeaderNames.RETRY_AFTER, Long.toString(seconds))
                .header(RequestIds.HEADER, RequestIds.of(request))
                .send(RefusalJson.failure(String.format(Locale.ROOT, TOO_MANY, seconds)));
    }
}
