package dev.inquiries.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The visitor flood (run by {@code bench/flood.sh}; not a test): from one client address, as many connections as
 * asked try to create {@code --chats} chats as fast as they can, each the contract's two requests
 * ({@code POST livechat/visitor} with a new token, then {@code GET livechat/room?token=}); meanwhile a new visitor from
 * another address (127.1.x.y, a real source address on the loopback) creates one chat every {@code --probe-every}
 * milliseconds, for 10 s before the flood (the baseline, after 30 chats of warm-up) and while it runs. Prints what
 * got through, the statuses, and the other visitors' latencies; exits 1 when the flood got in more chats than the
 * limit allows in the time it ran, or when another visitor was not served.
 *
 * <pre>
 * java -cp ... dev.inquiries.bench.VisitorFlood --url http://127.0.0.1:3000 --chats 10000 --connections 32 \
 *     --limit 5 --window 60
 * </pre>
 */
public final class VisitorFlood {

    private static final String VISITOR = "/api/v1/livechat/visitor";
    private static final String ROOM = "/api/v1/livechat/room?token=";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** Chats of other visitors before the baseline, not reported: the service's first requests are slow (JIT). */
    private static final int WARM_UP = 30;

    private final String url;
    private final Map<String, LongAdder> statuses = new ConcurrentHashMap<>();

    private VisitorFlood(String url) {
        this.url = url;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new TreeMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        String url = required(options, "url");
        int chats = Integer.parseInt(options.getOrDefault("chats", "10000"));
        int connections = Integer.parseInt(options.getOrDefault("connections", "32"));
        int probeEvery = Integer.parseInt(options.getOrDefault("probe-every", "100"));
        int limit = Integer.parseInt(required(options, "limit"));
        int windowSeconds = Integer.parseInt(required(options, "window"));
        String floodFrom = options.getOrDefault("from", "127.0.0.2");
        System.exit(new VisitorFlood(url).run(chats, connections, probeEvery, limit, windowSeconds, floodFrom) ? 0 : 1);
    }

    private boolean run(int chats, int connections, int probeEvery, int limit, int windowSeconds, String floodFrom)
            throws Exception {
        AtomicInteger addresses = new AtomicInteger();
        for (int i = 0; i < WARM_UP; i++) {
            probeOnce(addresses);
        }
        Probes before = probe(addresses, probeEvery, Duration.ofSeconds(10));

        AtomicInteger tried = new AtomicInteger();
        LongAdder gotIn = new LongAdder();
        AtomicBoolean flooding = new AtomicBoolean(true);
        Probes during = new Probes();
        Thread prober = Thread.ofPlatform().name("probe").start(() -> {
            while (flooding.get()) {
                during.add(probeOnce(addresses));
                sleep(probeEvery);
            }
        });
        long start = System.nanoTime();
        try (HttpClient client = client(floodFrom); ExecutorService flood = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < connections; c++) {
                flood.submit(() -> {
                    for (int n = tried.getAndIncrement(); n < chats; n = tried.getAndIncrement()) {
                        if (chat(client, "flood-" + n, "flood") == 200) {
                            gotIn.increment();
                        }
                    }
                    return null;
                });
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        flooding.set(false);
        prober.join();

        long allowed = (long) limit * (1 + (long) Math.floor(seconds / windowSeconds));
        System.out.printf(Locale.ROOT, "flood from %s: %d chats tried in %.1f s (%.0f/s) on %d connections: %d got in "
                        + "(the limit allows at most %d in that time)%n",
                floodFrom, chats, seconds, chats / seconds, connections, gotIn.sum(), allowed);
        new TreeMap<>(statuses).forEach((key, count) -> System.out.printf(Locale.ROOT, "  %s: %d%n", key, count.sum()));
        System.out.println(before.report("other addresses before the flood", probeEvery));
        System.out.println(during.report("other addresses during the flood", probeEvery));
        boolean held = gotIn.sum() <= allowed;
        boolean served = before.allIn() && during.allIn();
        if (!held) {
            System.out.println("FAILED: the flood got in more chats than the limit allows");
        }
        if (!served) {
            System.out.println("FAILED: a visitor from another address was not served");
        }
        return held && served;
    }

    /** New visitors from other addresses, one every {@code probeEvery} ms for {@code length}. */
    private Probes probe(AtomicInteger addresses, int probeEvery, Duration length) {
        Probes probes = new Probes();
        long end = System.nanoTime() + length.toNanos();
        while (System.nanoTime() < end) {
            probes.add(probeOnce(addresses));
            sleep(probeEvery);
        }
        return probes;
    }

    /**
     * A new visitor from a new address (127.1.x.y) creates one chat: the milliseconds its two requests took (its
     * client is made before the clock starts), or -1 when one was not a 200.
     */
    private double probeOnce(AtomicInteger addresses) {
        int n = addresses.getAndIncrement();
        String from = "127.1." + (n / 250) % 250 + "." + (n % 250 + 1);
        try (HttpClient client = client(from)) {
            long start = System.nanoTime();
            return chat(client, "probe-" + n, "probe") == 200 ? (System.nanoTime() - start) / 1e6 : -1;
        }
    }

    /** The other visitors' chats: how many, how many got in, how long they took. */
    private static final class Probes {

        private final List<Double> millis = Collections.synchronizedList(new ArrayList<>());
        private final AtomicInteger tried = new AtomicInteger();

        void add(double took) {
            tried.incrementAndGet();
            if (took >= 0) {
                millis.add(took);
            }
        }

        boolean allIn() {
            return tried.get() > 0 && millis.size() == tried.get();
        }

        String report(String who, int probeEvery) {
            List<Double> sorted = new ArrayList<>(millis);
            Collections.sort(sorted);
            return String.format(Locale.ROOT, "%s (a new visitor every %d ms): %d of %d got in; visitor + room "
                            + "p50 %.1f ms, p99 %.1f ms, max %.1f ms",
                    who, probeEvery, sorted.size(), tried.get(), percentile(sorted, 50), percentile(sorted, 99),
                    percentile(sorted, 100));
        }
    }

    /** One visitor creates one chat: the status of the last request it sent. */
    private int chat(HttpClient client, String token, String who) {
        int visitor = send(client, HttpRequest.newBuilder(URI.create(url + VISITOR))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"visitor\":{\"token\":\"" + token + "\"}}")), who, "visitor");
        if (visitor != 200) {
            return visitor;
        }
        return send(client, HttpRequest.newBuilder(URI.create(url + ROOM + token)).GET(), who, "room");
    }

    private int send(HttpClient client, HttpRequest.Builder request, String who, String endpoint) {
        int status;
        try {
            status = client.send(request.timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException failure) {
            status = -1;
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            status = -1;
        }
        statuses.computeIfAbsent(who + " livechat/" + endpoint + " " + (status < 0 ? "no answer" : status),
                key -> new LongAdder()).increment();
        return status;
    }

    private static HttpClient client(String from) {
        try {
            return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .localAddress(InetAddress.getByName(from)).connectTimeout(TIMEOUT).build();
        } catch (IOException unknown) {
            throw new IllegalArgumentException("not an address: " + from, unknown);
        }
    }

    private static double percentile(List<Double> sorted, int percent) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(percent / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    private static void sleep(int millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return value;
    }
}
