package dev.inquiries.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The visitor flood (run by {@code bench/flood.sh}; not a test): from one client address, as many connections as
 * asked try to create {@code --chats} chats as fast as they can, each the contract's two requests
 * ({@code POST livechat/visitor} with a new token, then {@code GET livechat/room?token=}); meanwhile a new visitor from
 * another address (127.1.x.y, a real source address on the loopback) creates one chat every {@code --probe-every}
 * milliseconds, for 10 s before the flood (the baseline, after 30 chats of warm-up) and while it runs. With an agent's
 * token, each such visitor's chat is then taken by that agent ({@code POST livechat/inquiries.take}) and closed
 * ({@code POST livechat/room.closeByUser}), so the queue does not fill. With a manager's token, a closed loop of
 * {@code --list-clients} clients reads {@code inquiries.list} (newest first) during the baseline and during the
 * flood. Staff requests come from their own address ({@code --staff-from}). With {@code --flood-cpus LIST} the flood
 * runs in a child process bound to those CPUs ({@code taskset -c LIST}), as from another machine; the caller binds
 * this process, the service and PostgreSQL to the others.
 *
 * <p>Prints what got through, the statuses, the other visitors' latencies, the takes and the list's throughput and
 * latencies; exits 1 when the flood got in more chats than the limit allows in the time it ran, when another visitor
 * was not served, when one of their chats was not taken and closed, when a list request failed, or when the list's
 * throughput during the flood fell below {@code --list-floor} (default 0.5) times the one before.
 *
 * <pre>
 * java -cp ... dev.inquiries.bench.VisitorFlood --url http://127.0.0.1:3000 --chats 10000 --connections 32 \
 *     --limit 5 --window 60 --agent-id ID --agent-token T --manager-id ID --manager-token T
 * </pre>
 */
public final class VisitorFlood {

    private static final String VISITOR = "/api/v1/livechat/visitor";
    private static final String ROOM = "/api/v1/livechat/room?token=";
    private static final String GET_ONE = "/api/v1/livechat/inquiries.getOne?roomId=";
    private static final String TAKE = "/api/v1/livechat/inquiries.take";
    private static final String CLOSE = "/api/v1/livechat/room.closeByUser";
    /** The queue's list as a manager reads it: the first page, newest first. */
    private static final String LIST = "/api/v1/livechat/inquiries.list?count=50&sort=%7B%22ts%22%3A-1%7D";
    // The two ids the check reads from a body; a bench tool's regular expressions, not the service's JSON.
    private static final Pattern ROOM_ID = Pattern.compile("\"room\":\\{\"_id\":\"([^\"]+)\"");
    private static final Pattern INQUIRY_ID = Pattern.compile("\"inquiry\":\\{\"_id\":\"([^\"]+)\"");
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** The first field of the lines a flood's own process prints: what it did, and each status it counted. */
    private static final String FLOODED = "flooded";
    private static final String STATUS = "status";
    /** Chats of other visitors before the baseline, not reported: the service's first requests are slow (JIT). */
    private static final int WARM_UP = 30;

    private final String url;
    private final Map<String, LongAdder> statuses = new ConcurrentHashMap<>();
    private final Optional<Staff> agent;
    private final Optional<Staff> manager;
    private final Takes takes = new Takes();

    private VisitorFlood(String url, Optional<Staff> agent, Optional<Staff> manager) {
        this.url = url;
        this.agent = agent;
        this.manager = manager;
    }

    /**
     * A signed-in user of the service: the headers of its token, the address its requests come from, and a client
     * from that address.
     */
    private record Staff(String userId, String authToken, String from, HttpClient client) {

        HttpRequest.Builder sign(HttpRequest.Builder request) {
            return request.header("X-User-Id", userId).header("X-Auth-Token", authToken);
        }
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
        String staffFrom = options.getOrDefault("staff-from", "127.0.0.5");
        int listClients = Integer.parseInt(options.getOrDefault("list-clients", "4"));
        double listFloor = Double.parseDouble(options.getOrDefault("list-floor", "0.5"));
        Optional<Staff> agent = staff(options, "agent", staffFrom);
        Optional<Staff> manager = staff(options, "manager", staffFrom);
        VisitorFlood check = new VisitorFlood(url, agent, manager);
        if (Boolean.parseBoolean(options.getOrDefault("flood-only", "false"))) {
            // The flood alone, in a process of its own (see --flood-cpus): what it did, for the process that runs the check.
            Flood flood = check.flood(chats, connections, floodFrom);
            System.out.printf(Locale.ROOT, "%s\t%d\t%f%n", FLOODED, flood.gotIn(), flood.seconds());
            check.statuses.forEach((key, count) -> System.out.printf(Locale.ROOT, "%s\t%s\t%d%n", STATUS, key, count.sum()));
            return;
        }
        Optional<String> floodCpus = Optional.ofNullable(options.get("flood-cpus"));
        System.exit(check.run(chats, connections, probeEvery, limit, windowSeconds, floodFrom, floodCpus, listClients,
                listFloor) ? 0 : 1);
    }

    /** What a flood did: how many of its chats got in, and how long it took. */
    private record Flood(long gotIn, double seconds) {
    }

    /** From {@code connections} connections of one address, tries to create {@code chats} chats as fast as it can. */
    private Flood flood(int chats, int connections, String floodFrom) {
        AtomicInteger tried = new AtomicInteger();
        LongAdder gotIn = new LongAdder();
        long start = System.nanoTime();
        try (HttpClient client = client(floodFrom); ExecutorService flood = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < connections; c++) {
                flood.submit(() -> {
                    for (int n = tried.getAndIncrement(); n < chats; n = tried.getAndIncrement()) {
                        HttpResponse<String> answer = chat(client, "flood-" + n, "flood");
                        if (answer != null && answer.statusCode() == 200) {
                            gotIn.increment();
                        }
                    }
                    return null;
                });
            }
        }
        return new Flood(gotIn.sum(), (System.nanoTime() - start) / 1e9);
    }

    /**
     * The same flood in a child process bound to {@code cpus} ({@code taskset -c}), as a client on another machine
     * would be: its own work then takes no CPU from the service, PostgreSQL and the other clients. Its statuses are
     * counted here as if sent from here.
     */
    private Flood floodFrom(String cpus, int chats, int connections, String floodFrom) throws IOException, InterruptedException {
        List<String> command = List.of("taskset", "-c", cpus,
                ProcessHandle.current().info().command().orElse("java"), "-cp", System.getProperty("java.class.path"),
                VisitorFlood.class.getName(), "--url", url, "--flood-only", "true", "--chats", Integer.toString(chats),
                "--connections", Integer.toString(connections), "--from", floodFrom, "--limit", "0", "--window", "0");
        Process child = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        Flood flood = null;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                String[] fields = line.split("\t");
                if (fields.length == 3 && fields[0].equals(FLOODED)) {
                    flood = new Flood(Long.parseLong(fields[1]), Double.parseDouble(fields[2]));
                } else if (fields.length == 3 && fields[0].equals(STATUS)) {
                    statuses.computeIfAbsent(fields[1], key -> new LongAdder()).add(Long.parseLong(fields[2]));
                }
            }
        }
        if (child.waitFor() != 0 || flood == null) {
            throw new IllegalStateException("the flood's process failed: " + String.join(" ", command));
        }
        return flood;
    }

    private static Optional<Staff> staff(Map<String, String> options, String role, String from) {
        String id = options.get(role + "-id");
        String token = options.get(role + "-token");
        return id == null || token == null ? Optional.empty() : Optional.of(new Staff(id, token, from, client(from)));
    }

    private boolean run(int chats, int connections, int probeEvery, int limit, int windowSeconds, String floodFrom,
                        Optional<String> floodCpus, int listClients, double listFloor) throws Exception {
        AtomicInteger addresses = new AtomicInteger();
        for (int i = 0; i < WARM_UP; i++) {
            probeOnce(addresses);
        }
        ListLoad listBefore = manager.map(signed -> new ListLoad(signed, listClients)).orElse(null);
        Probes before = probe(addresses, probeEvery, Duration.ofSeconds(10));
        Optional<ListLoad.Result> listedBefore = Optional.ofNullable(listBefore).map(ListLoad::stop);

        ListLoad listDuring = manager.map(signed -> new ListLoad(signed, listClients)).orElse(null);
        AtomicBoolean flooding = new AtomicBoolean(true);
        Probes during = new Probes();
        Thread prober = Thread.ofPlatform().name("probe").start(() -> {
            while (flooding.get()) {
                during.add(probeOnce(addresses));
                sleep(probeEvery);
            }
        });
        Flood flood = floodCpus.isPresent() ? floodFrom(floodCpus.get(), chats, connections, floodFrom)
                : flood(chats, connections, floodFrom);
        double seconds = flood.seconds();
        Optional<ListLoad.Result> listedDuring = Optional.ofNullable(listDuring).map(ListLoad::stop);
        flooding.set(false);
        prober.join();

        long allowed = (long) limit * (1 + (long) Math.floor(seconds / windowSeconds));
        System.out.printf(Locale.ROOT, "flood from %s: %d chats tried in %.1f s (%.0f/s) on %d connections: %d got in "
                        + "(the limit allows at most %d in that time)%n",
                floodFrom, chats, seconds, chats / seconds, connections, flood.gotIn(), allowed);
        new TreeMap<>(statuses).forEach((key, count) -> System.out.printf(Locale.ROOT, "  %s: %d%n", key, count.sum()));
        System.out.println(before.report("other addresses before the flood", probeEvery));
        System.out.println(during.report("other addresses during the flood", probeEvery));
        boolean held = flood.gotIn() <= allowed;
        boolean served = before.allIn() && during.allIn();
        if (!held) {
            System.out.println("FAILED: the flood got in more chats than the limit allows");
        }
        if (!served) {
            System.out.println("FAILED: a visitor from another address was not served");
        }
        boolean taken = true;
        if (agent.isPresent()) {
            System.out.println(takes.report());
            taken = takes.allTakenAndClosed();
            if (!taken) {
                System.out.println("FAILED: a chat of another visitor was not taken and closed");
            }
        }
        boolean listed = true;
        if (listedBefore.isPresent() && listedDuring.isPresent()) {
            ListLoad.Result listBeforeResult = listedBefore.get();
            ListLoad.Result listDuringResult = listedDuring.get();
            System.out.println(listBeforeResult.report("inquiries.list before the flood"));
            System.out.println(listDuringResult.report("inquiries.list during the flood"));
            double ratio = listDuringResult.perSecond() / listBeforeResult.perSecond();
            System.out.printf(Locale.ROOT, "inquiries.list throughput during / before: %.2f (the floor: %.2f)%n", ratio,
                    listFloor);
            if (listBeforeResult.failed() + listDuringResult.failed() > 0) {
                System.out.println("FAILED: an inquiries.list request was not answered 200");
                listed = false;
            }
            if (!(ratio >= listFloor)) {
                System.out.println("FAILED: inquiries.list served fewer requests a second during the flood than the floor");
                listed = false;
            }
        }
        return held && served && taken && listed;
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
        HttpResponse<String> answer;
        double took;
        try (HttpClient client = client(from)) {
            long start = System.nanoTime();
            answer = chat(client, "probe-" + n, "probe");
            took = (System.nanoTime() - start) / 1e6;
        }
        if (answer == null || answer.statusCode() != 200) {
            return -1;
        }
        agent.ifPresent(taker -> takeAndClose(taker, answer.body()));
        return took;
    }

    /**
     * The agent takes the visitor's chat as an agent does (the room's inquiry by {@code inquiries.getOne}, then
     * {@code inquiries.take}) and closes it ({@code room.closeByUser}, with a comment, which the service may require).
     */
    private void takeAndClose(Staff taker, String roomAnswer) {
        takes.chats.incrementAndGet();
        Optional<String> rid = first(ROOM_ID, roomAnswer);
        Optional<String> inquiryId = rid.flatMap(room -> Optional.ofNullable(send(taker.client(),
                        taker.sign(HttpRequest.newBuilder(URI.create(url + GET_ONE + room)).GET()), "agent", "inquiries.getOne"))
                .filter(answer -> answer.statusCode() == 200)
                .flatMap(answer -> first(INQUIRY_ID, answer.body())));
        if (inquiryId.isEmpty()) {
            return;
        }
        long start = System.nanoTime();
        HttpResponse<String> took = send(taker.client(), taker.sign(post(TAKE, "{\"inquiryId\":\"" + inquiryId.get() + "\"}")),
                "agent", "inquiries.take");
        if (took == null || took.statusCode() != 200) {
            return;
        }
        takes.taken((System.nanoTime() - start) / 1e6);
        HttpResponse<String> closed = send(taker.client(),
                taker.sign(post(CLOSE, "{\"rid\":\"" + rid.get() + "\",\"comment\":\"flood check\"}")), "agent", "room.closeByUser");
        if (closed != null && closed.statusCode() == 200) {
            takes.closed.incrementAndGet();
        }
    }

    /** The other visitors' chats the agent took and closed. */
    private static final class Takes {

        private final AtomicInteger chats = new AtomicInteger();
        private final AtomicInteger closed = new AtomicInteger();
        private final List<Double> takeMillis = Collections.synchronizedList(new ArrayList<>());

        void taken(double millis) {
            takeMillis.add(millis);
        }

        boolean allTakenAndClosed() {
            return chats.get() > 0 && takeMillis.size() == chats.get() && closed.get() == chats.get();
        }

        String report() {
            List<Double> sorted = new ArrayList<>(takeMillis);
            Collections.sort(sorted);
            return String.format(Locale.ROOT, "chats of other visitors taken by the agent: %d of %d (inquiries.take p50 %.1f ms, "
                            + "p99 %.1f ms), then closed: %d",
                    sorted.size(), chats.get(), percentile(sorted, 50), percentile(sorted, 99), closed.get());
        }
    }

    /**
     * A closed loop of clients, each reading {@code inquiries.list} as the manager on its own connection, one request
     * after the other, from its start until {@link #stop()}.
     */
    private final class ListLoad {

        private final AtomicBoolean running = new AtomicBoolean(true);
        private final List<Double> millis = Collections.synchronizedList(new ArrayList<>());
        private final AtomicInteger failed = new AtomicInteger();
        private final List<Thread> clients = new ArrayList<>();
        private final long start = System.nanoTime();
        private final int size;

        ListLoad(Staff reader, int size) {
            this.size = size;
            for (int c = 0; c < size; c++) {
                clients.add(Thread.ofPlatform().name("list-" + c).start(() -> {
                    try (HttpClient client = client(reader.from())) {
                        while (running.get()) {
                            long sent = System.nanoTime();
                            HttpResponse<String> answer = send(client,
                                    reader.sign(HttpRequest.newBuilder(URI.create(url + LIST)).GET()), "manager",
                                    "inquiries.list");
                            if (answer != null && answer.statusCode() == 200) {
                                millis.add((System.nanoTime() - sent) / 1e6);
                            } else {
                                failed.incrementAndGet();
                            }
                        }
                    }
                }));
            }
        }

        /** Stops the clients once their requests in flight are answered: what they did. */
        Result stop() {
            running.set(false);
            for (Thread client : clients) {
                try {
                    client.join();
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            List<Double> sorted = new ArrayList<>(millis);
            Collections.sort(sorted);
            return new Result(size, seconds, sorted, failed.get());
        }

        /** What the clients did: the answered requests' latencies, sorted, and how many were not a 200. */
        record Result(int clients, double seconds, List<Double> sorted, int failed) {

            double perSecond() {
                return sorted.size() / seconds;
            }

            String report(String what) {
                return String.format(Locale.ROOT, "%s (%d clients, closed loop, %.1f s): %d answered, %.0f/s, "
                                + "p50 %.1f ms, p99 %.1f ms, %d not 200",
                        what, clients, seconds, sorted.size(), perSecond(), percentile(sorted, 50),
                        percentile(sorted, 99), failed);
            }
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

    /** One visitor creates one chat: the answer to the last request it sent, null when there was none. */
    private HttpResponse<String> chat(HttpClient client, String token, String who) {
        HttpResponse<String> visitor = send(client,
                post(VISITOR, "{\"visitor\":{\"token\":\"" + token + "\"}}"), who, "visitor");
        if (visitor == null || visitor.statusCode() != 200) {
            return visitor;
        }
        return send(client, HttpRequest.newBuilder(URI.create(url + ROOM + token)).GET(), who, "room");
    }

    private HttpRequest.Builder post(String path, String json) {
        return HttpRequest.newBuilder(URI.create(url + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
    }

    /** Sends the request and counts its status under who sent it and where: the answer, null when there was none. */
    private HttpResponse<String> send(HttpClient client, HttpRequest.Builder request, String who, String endpoint) {
        HttpResponse<String> answer;
        try {
            answer = client.send(request.timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException failure) {
            answer = null;
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            answer = null;
        }
        statuses.computeIfAbsent(who + " livechat/" + endpoint + " " + (answer == null ? "no answer" : answer.statusCode()),
                key -> new LongAdder()).increment();
        return answer;
    }

    private static Optional<String> first(Pattern pattern, String body) {
        Matcher match = pattern.matcher(body);
        return match.find() ? Optional.of(match.group(1)) : Optional.empty();
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
