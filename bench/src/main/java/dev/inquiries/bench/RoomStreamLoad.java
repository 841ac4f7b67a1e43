package dev.inquiries.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The visitors' room streams under takes (run by {@code bench/rooms.sh}; not a test). It puts N waiting chats of
 * N visitors into one department (plain SQL), opens every visitor's {@code GET /api/v1/livechat/room.stream} (one
 * virtual thread and one plain socket each), and then has an agent take chats through
 * {@code POST /api/v1/livechat/inquiries.take}, one at a time:
 * <ul>
 *   <li>{@code head}: K takes of the chat at spot 1, each of which moves every other visitor up by one. For each
 *       take it waits until every visitor behind was told its new spot; the delay of each is the time from the
 *       take's 200 (its transaction committed) to the arrival of that {@code queueData}.</li>
 *   <li>{@code tail}: K takes of the newest chat, which move nobody: only the taken visitor's {@code agentData}
 *       is due, and any other event counts as superfluous.</li>
 * </ul>
 * First {@code --warmup-takes} W chats queued behind every visitor's, which nobody listens to, are taken newest
 * first, as fast as they are answered: the code of a take and of the feed's pass after it runs W times before anything
 * is measured (without them the measured takes ran partly interpreted: a few dozen takes are too few for the JIT).
 * Then each kind runs once unmeasured, then measured.
 * Around each phase it reads the service's CPU (user + system ticks of {@code --service-pid} from /proc) and takes
 * off what the service spent idle at the same rate just before, so each phase says its CPU per take. Prints
 * {@code open N SECONDS}, {@code head TAKES MOVED MISSING P50_MS P99_MS MAX_MS CPU_MS_PER_TAKE IDLE_CPU_MS_PER_S} and
 * {@code tail TAKES SUPERFLUOUS AGENT_P99_MS CPU_MS_PER_TAKE IDLE_CPU_MS_PER_S}, tab-separated.
 *
 * <pre>
 * RoomStreamLoad --url URL --agent-id ID --agent-token T --department ID --visitors N --takes K --service-pid PID
 *                [--pause-ms P] [--ticks-per-second HZ] [--idle-ms MS] [--warmup-takes W]
 * </pre>
 * The database is {@code DB_URL}, {@code DB_USERNAME}, {@code DB_PASSWORD}: a fresh one of the service's, with the
 * department and the agent (able to take: on duty in it) made before. Exit codes: 0 fine, 1 a failure, 2 bad usage.
 */
public final class RoomStreamLoad {

    private static final String PREFIX = "room-bench-";
    private static final String MAKE_VISITORS = """
            INSERT INTO visitors (id, token, username, department_id)
            SELECT 'room-bench-v' || g, 'room-bench-t' || g, 'room-bench-' || g, ? FROM generate_series(1, ?) AS g
            """;
    /** Chat g is the g-th oldest: its spot is g until takes move it. */
    private static final String MAKE_CHATS = """
            INSERT INTO inquiries (id, rid, name, ts, status, department_id, visitor_id)
            SELECT 'room-bench-' || g, 'room-bench-r' || g, 'Visitor ' || g,
                   now() - interval '10 minutes' + g * interval '1 ms', 'queued', ?, 'room-bench-v' || g
              FROM generate_series(1, ?) AS g
            """;
    /** Warm-up chat w: newer than every visitor's chat, so that taking it moves nobody; it has no visitor. */
    private static final String MAKE_WARMUP_CHATS = """
            INSERT INTO inquiries (id, rid, name, ts, status, department_id)
            SELECT 'room-bench-w' || w, 'room-bench-rw' || w, 'Warm-up ' || w,
                   now() - interval '1 minute' + w * interval '1 ms', 'queued', ?
              FROM generate_series(1, ?) AS w
            """;
    private static final Pattern EVENT_NAME = Pattern.compile("(?m)^event: ?(\\S+)$");
    private static final Pattern SPOT = Pattern.compile("\"spot\":(\\d+)");
    /** Streams being opened at once: each open checks the visitor's token with one pooled connection. */
    private static final int OPENING_AT_ONCE = 16;
    private static final Duration OPEN_LIMIT = Duration.ofMinutes(5);
    private static final Duration DELIVERY_LIMIT = Duration.ofSeconds(10);

    private final PrintStream out = System.out;
    private final Options options;
    private final HttpClient http = HttpClient.newHttpClient();
    /** Visitor g (1-based) at index g - 1. */
    private final List<Visitor> visitors = new ArrayList<>();
    /** Chats taken so far from the head (the oldest) and from the tail (the newest). */
    private int headTaken;
    private int tailTaken;

    private RoomStreamLoad(Options options) {
        this.options = options;
    }

    public static void main(String[] args) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException bad) {
            System.err.println("RoomStreamLoad: " + bad.getMessage());
            System.exit(2);
            return;
        }
        try {
            new RoomStreamLoad(options).run();
            System.out.flush();
            // The streams' threads are blocked in reads; exiting closes every socket at once.
            System.exit(0);
        } catch (Exception failure) {
            System.err.println("RoomStreamLoad: " + failure);
            System.exit(1);
        }
    }

    private void run() throws Exception {
        try (Connection writer = LoadTools.connect()) {
            for (String sql : List.of(MAKE_VISITORS, MAKE_CHATS)) {
                try (PreparedStatement make = writer.prepareStatement(sql)) {
                    make.setString(1, options.department);
                    make.setInt(2, options.visitors);
                    make.executeUpdate();
                }
            }
            try (PreparedStatement make = writer.prepareStatement(MAKE_WARMUP_CHATS)) {
                make.setString(1, options.department);
                make.setInt(2, options.warmupTakes);
                make.executeUpdate();
            }
        }
        long started = System.nanoTime();
        openAll();
        out.printf(Locale.ROOT, "open\t%d\t%.1f%n", visitors.size(), (System.nanoTime() - started) / 1e9);
        started = System.nanoTime();
        for (int w = options.warmupTakes; w >= 1; w--) {
            take("w" + w);
        }
        out.printf(Locale.ROOT, "warmup\t%d\t%.1f%n", options.warmupTakes, (System.nanoTime() - started) / 1e9);
        // Once each unmeasured as well: the paths that tell visitors (a spot, an agent) are compiled before CPU is counted.
        head(false);
        tail(false);
        head(true);
        tail(true);
        failIfAnyEnded();
    }

    /** Takes the oldest chat K times; after each, every visitor behind must be told a spot one nearer. */
    private void head(boolean report) throws Exception {
        double idle = idleTicksPerNano();
        long ticks = ticks();
        long started = System.nanoTime();
        long[] delays = new long[options.takes * options.visitors];
        int pairs = 0;
        int missing = 0;
        for (int take = 1; take <= options.takes; take++) {
            int taken = ++headTaken;
            long committed = take(String.valueOf(taken));
            IntPredicate told = g -> visitors.get(g - 1).spot.get() == g - taken;
            int last = options.visitors - tailTaken;
            awaitAll(taken + 1, last, told);
            for (int g = taken + 1; g <= last; g++) {
                Visitor visitor = visitors.get(g - 1);
                if (told.test(g)) {
                    delays[pairs++] = Math.max(0, visitor.spotArrived - committed);
                } else {
                    missing++;
                }
            }
            TimeUnit.MILLISECONDS.sleep(options.pauseMillis);
        }
        double cpu = cpuMillisPerTake(ticks, started, idle);
        if (!report) {
            return;
        }
        long[] measured = Arrays.copyOf(delays, pairs);
        Arrays.sort(measured);
        out.printf(Locale.ROOT, "head\t%d\t%d\t%d\t%.1f\t%.1f\t%.1f\t%.2f\t%.1f%n", options.takes, pairs, missing,
                LoadTools.millis(LoadTools.percentile(measured, 50)), LoadTools.millis(LoadTools.percentile(measured, 99)),
                LoadTools.millis(measured.length == 0 ? 0 : measured[measured.length - 1]), cpu, idleMillisPerSecond(idle));
    }

    /**
     * Takes the newest chat K times: nobody moves, so only the taken visitor's agentData is due.
     */
    private void tail(boolean report) throws Exception {
        int eventsBefore = visitors.stream().mapToInt(visitor -> visitor.events.get()).sum();
        double idle = idleTicksPerNano();
        long ticks = ticks();
        long started = System.nanoTime();
        long[] agentDelays = new long[options.takes];
        for (int take = 0; take < options.takes; take++) {
            int taken = options.visitors - tailTaken++;
            long committed = take(String.valueOf(taken));
            Visitor visitor = visitors.get(taken - 1);
            awaitAll(taken, taken, g -> visitor.agentArrived != 0);
            agentDelays[take] = visitor.agentArrived == 0 ? DELIVERY_LIMIT.toNanos()
                    : Math.max(0, visitor.agentArrived - committed);
            TimeUnit.MILLISECONDS.sleep(options.pauseMillis);
        }
        double cpu = cpuMillisPerTake(ticks, started, idle);
        if (!report) {
            return;
        }
        int superfluous = visitors.stream().mapToInt(visitor -> visitor.events.get()).sum() - eventsBefore - options.takes;
        Arrays.sort(agentDelays);
        out.printf(Locale.ROOT, "tail\t%d\t%d\t%.1f\t%.2f\t%.1f%n", options.takes, superfluous,
                LoadTools.millis(LoadTools.percentile(agentDelays, 99)), cpu, idleMillisPerSecond(idle));
    }

    /** Takes chat room-bench-{id} as the agent (visitor g's is room-bench-g); returns when the 200 arrived. */
    private long take(String id) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(options.url.resolve("/api/v1/livechat/inquiries.take"))
                .header("Content-Type", "application/json")
                .header("X-User-Id", options.agentId)
                .header("X-Auth-Token", options.agentToken)
                .POST(HttpRequest.BodyPublishers.ofString("{\"inquiryId\":\"" + PREFIX + id + "\"}"))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        long answered = System.nanoTime();
        if (response.statusCode() != 200) {
            throw new IllegalStateException("taking chat " + id + " was answered " + response.statusCode() + ": "
                    + response.body());
        }
        return answered;
    }

    private void awaitAll(int from, int to, IntPredicate done) throws InterruptedException {
        long limit = System.nanoTime() + DELIVERY_LIMIT.toNanos();
        int g = from;
        while (g <= to && System.nanoTime() < limit) {
            if (done.test(g)) {
                g++;
            } else {
                Thread.sleep(2);
            }
        }
    }

    private double idleTicksPerNano() throws IOException, InterruptedException {
        long ticks = ticks();
        long started = System.nanoTime();
        Thread.sleep(options.idleMillis);
        return (ticks() - ticks) / (double) (System.nanoTime() - started);
    }

    private double idleMillisPerSecond(double idleTicksPerNano) {
        return idleTicksPerNano * 1e9 * 1000.0 / options.ticksPerSecond;
    }

    private double cpuMillisPerTake(long ticksBefore, long started, double idleTicksPerNano) throws IOException {
        double ticks = ticks() - ticksBefore - idleTicksPerNano * (System.nanoTime() - started);
        return Math.max(0, ticks) * 1000.0 / options.ticksPerSecond / options.takes;
    }

    /** User + system clock ticks of the service's process so far. */
    private long ticks() throws IOException {
        return LoadTools.processTicks(options.servicePid);
    }

    private void openAll() throws InterruptedException {
        Semaphore opening = new Semaphore(OPENING_AT_ONCE);
        CountDownLatch ready = new CountDownLatch(options.visitors);
        for (int g = 1; g <= options.visitors; g++) {
            Visitor visitor = new Visitor(g, ready, opening);
            visitors.add(visitor);
            Thread.ofVirtual().name("room-" + g).start(visitor::run);
        }
        if (!ready.await(OPEN_LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException((options.visitors - ready.getCount()) + " of " + options.visitors
                    + " room streams told their spot within " + OPEN_LIMIT);
        }
        failIfAnyEnded();
        for (Visitor visitor : visitors) {
            if (visitor.spot.get() != visitor.g) {
                throw new IllegalStateException("visitor " + visitor.g + " was told spot " + visitor.spot.get());
            }
        }
    }

    private void failIfAnyEnded() {
        for (Visitor visitor : visitors) {
            if (visitor.endedBecause != null && !visitor.closed) {
                throw new IllegalStateException("room stream " + visitor.g + " ended: " + visitor.endedBecause);
            }
        }
    }

    /** One visitor's room stream: its last spot and when it came, and when an agent was announced. */
    private final class Visitor {

        private final int g;
        private final CountDownLatch ready;
        private final Semaphore opening;
        private final AtomicInteger spot = new AtomicInteger();
        private final AtomicInteger events = new AtomicInteger();
        private volatile long spotArrived;
        private volatile long agentArrived;
        private volatile boolean closed;
        private volatile String endedBecause;

        Visitor(int g, CountDownLatch ready, Semaphore opening) {
            this.g = g;
            this.ready = ready;
            this.opening = opening;
        }

        void run() {
            String target = "/api/v1/livechat/room.stream?token=" + PREFIX + "t" + g + "&rid=" + PREFIX + "r" + g;
            try (Socket socket = SseStream.open(options.url, target, Map.of(), opening, OPEN_LIMIT)) {
                SseStream.read(socket, this::event);
                endedBecause = "the server ended the stream";
            } catch (IOException | RuntimeException failure) {
                endedBecause = failure.toString();
            }
            if (spot.get() == 0) {
                ready.countDown();
            }
        }

        private void event(String block, long arrived) {
            Matcher name = EVENT_NAME.matcher(block);
            if (!name.find()) {
                return;  // a comment (keep-alive)
            }
            events.incrementAndGet();
            switch (name.group(1)) {
                case "queueData" -> {
                    Matcher told = SPOT.matcher(block);
                    if (told.find()) {
                        spotArrived = arrived;
                        if (spot.getAndSet(Integer.parseInt(told.group(1))) == 0) {
                            ready.countDown();
                        }
                    }
                }
                case "agentData" -> agentArrived = arrived;
                case "closed" -> closed = true;
                default -> {
                }
            }
        }
    }

    /** The command line, checked once. */
    private record Options(URI url, String agentId, String agentToken, String department, int visitors, int takes,
                           long servicePid, long pauseMillis, long ticksPerSecond, long idleMillis, int warmupTakes) {

        private static final List<String> NAMES = List.of("url", "agent-id", "agent-token", "department", "visitors",
                "takes", "service-pid", "pause-ms", "ticks-per-second", "idle-ms", "warmup-takes");

        static Options parse(String[] args) {
            Map<String, String> values = new LinkedHashMap<>();
            for (int i = 0; i < args.length; i += 2) {
                if (!args[i].startsWith("--") || i + 1 >= args.length || !NAMES.contains(args[i].substring(2))) {
                    throw new IllegalArgumentException("usage: RoomStreamLoad --url URL --agent-id ID --agent-token T"
                            + " --department ID --visitors N --takes K --service-pid PID [--pause-ms P]"
                            + " [--ticks-per-second HZ] [--idle-ms MS] [--warmup-takes W]; not " + args[i]);
                }
                values.put(args[i].substring(2), args[i + 1]);
            }
            Options options = new Options(URI.create(LoadTools.required(values, "url")), LoadTools.required(values, "agent-id"),
                    LoadTools.required(values, "agent-token"), LoadTools.required(values, "department"),
                    (int) LoadTools.number(values, "visitors", null, 1), (int) LoadTools.number(values, "takes", null, 1),
                    LoadTools.number(values, "service-pid", null, 1), LoadTools.number(values, "pause-ms", "200", 1),
                    LoadTools.number(values, "ticks-per-second", "100", 1),
                    // The service's idle CPU is read this long before each phase: by default long enough to hold the
                    // room feed's refresh (every 5 s it ranks the subscribed queues again) twice, and heartbeats.
                    LoadTools.number(values, "idle-ms", "10000", 1),
                    (int) LoadTools.number(values, "warmup-takes", "1000", 0));
            if (options.visitors <= 4 * options.takes) {
                throw new IllegalArgumentException("--visitors must be more than four times --takes");
            }
            return options;
        }

    }
}
