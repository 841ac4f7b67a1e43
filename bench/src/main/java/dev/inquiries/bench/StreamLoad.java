package dev.inquiries.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.net.Socket;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
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
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The live queue's load tool (run by {@code bench/stream.sh}; not a test). It opens many streams of
 * {@code GET /api/v1/livechat/inquiries.stream} at once (one virtual thread and one plain socket each, spread
 * round-robin over the given services), writes to {@code inquiries} with plain JDBC as any other SQL writer
 * would, and measures what the subscribers receive.
 *
 * <pre>
 * StreamLoad latency --url URL[,URL...] --user-id ID --token T --subscribers N --events E --interval-ms I
 *                    [--warmup-events W] [--rounds R]
 * StreamLoad import  --url URL[,URL...] --user-id ID --token T --subscribers N --rows R [--rounds K] [--settle-ms S]
 * StreamLoad hold    --url URL[,URL...] --user-id ID --token T --subscribers N --seconds S
 * </pre>
 * {@code latency}: each event is one single-row UPDATE of an inquiry's name (committed on its own); the tool notes
 * {@link System#nanoTime()} as soon as the commit returns, and each subscriber notes it when the event's chunk has
 * been read; the delay of every (subscriber, event) pair is the difference. Prints, per round, a line
 * {@code latency ROUND SCOPE PAIRS MISSING P50_MS P99_MS MAX_MS} (SCOPE {@code all} or a service's URL).
 * {@code import}: one {@code INSERT ... SELECT generate_series} of R queued inquiries, alternately with V25's
 * insert trigger and with it disabled inside the importing transaction; counts the events that arrive within
 * {@code --settle-ms} of the commit and prints
 * {@code import ROUND MODE MILLIS RESETS OTHER_EVENTS SUBSCRIBERS_WITH_ONE_RESET}, then deletes the rows again.
 * {@code hold}: opens the streams, prints {@code ready N}, and keeps them open (idle) for S seconds.
 * The database is {@code DB_URL}, {@code DB_USERNAME}, {@code DB_PASSWORD}. Exit codes: 0 fine, 1 a failure, 2 bad usage.
 */
public final class StreamLoad {

    /**
     * The inquiries whose names the latency runs change, one after another; made when absent, their names set back
     * before the streams open (a change to the name a row already has records nothing, V25).
     */
    private static final int CHANGED_INQUIRIES = 10;
    private static final String CHANGED_PREFIX = "stream-bench-";
    /** An event's {@code event:} line (Helidon writes {@code id:} first, and no space after the colon). */
    private static final Pattern EVENT_NAME = Pattern.compile("(?m)^event: ?(\\S+)$");
    private static final Pattern STAMP = Pattern.compile("\"name\":\"stream-bench (\\d+)\"");
    /** Streams being opened at once: each open authenticates with one pooled connection of the service. */
    private static final int OPENING_AT_ONCE = 16;
    private static final Duration OPEN_LIMIT = Duration.ofMinutes(3);
    /** After the last event of a round, how long the missing deliveries are waited for. */
    private static final Duration DELIVERY_LIMIT = Duration.ofSeconds(10);

    private static final String DISABLE_TRIGGER = "ALTER TABLE inquiries DISABLE TRIGGER inquiries_queue_changes_insert";
    private static final String ENABLE_TRIGGER = "ALTER TABLE inquiries ENABLE TRIGGER inquiries_queue_changes_insert";
    private static final String IMPORT = """
            INSERT INTO inquiries (id, rid, name, ts, status)
            SELECT 'stream-import-' || g, 'stream-import-room-' || g, 'Imported ' || g, now() - g * interval '1 ms', 'queued'
              FROM generate_series(1, ?) AS g
            """;
    private static final String REMOVE_IMPORTED = "DELETE FROM inquiries WHERE id LIKE 'stream-import-%'";
    private static final String MAKE_CHANGED = """
            INSERT INTO inquiries (id, rid, name, ts, status)
            SELECT 'stream-bench-' || g, 'stream-bench-room-' || g, 'stream-bench -1', now(), 'queued'
              FROM generate_series(0, ? - 1) AS g
            ON CONFLICT (id) DO UPDATE SET name = excluded.name, status = 'queued', taken_by = NULL
            """;
    private static final String CHANGE = "UPDATE inquiries SET name = ? WHERE id = ?";

    private final PrintStream out = System.out;
    private final Options options;
    private final List<Subscriber> subscribers = new ArrayList<>();

    private StreamLoad(Options options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException bad) {
            System.err.println("StreamLoad: " + bad.getMessage());
            System.exit(2);
            return;
        }
        try {
            StreamLoad load = new StreamLoad(options);
            switch (options.mode) {
                case "latency" -> load.latency();
                case "import" -> load.bulkImport();
                case "hold" -> load.hold();
                default -> throw new IllegalStateException(options.mode);
            }
            System.out.flush();
            // The streams' threads are blocked in reads; exiting closes every socket at once.
            System.exit(0);
        } catch (Exception failure) {
            System.err.println("StreamLoad: " + failure);
            System.exit(1);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Modes

    private void latency() throws Exception {
        int total = options.warmupEvents + options.rounds * options.events;
        try (Connection writer = LoadTools.connect()) {
            try (PreparedStatement make = writer.prepareStatement(MAKE_CHANGED)) {
                make.setInt(1, CHANGED_INQUIRIES);
                make.executeUpdate();
            }
            openAll(total);
            try (PreparedStatement change = writer.prepareStatement(CHANGE)) {
                long[] committed = new long[total];
                int next = 0;
                for (int round = 0; round <= options.rounds; round++) {
                    int count = round == 0 ? options.warmupEvents : options.events;
                    int first = next;
                    long due = System.nanoTime();
                    for (int i = 0; i < count; i++, next++) {
                        LockSupport.parkNanos(due - System.nanoTime());
                        change.setString(1, "stream-bench " + next);
                        change.setString(2, CHANGED_PREFIX + (next % CHANGED_INQUIRIES));
                        change.executeUpdate();
                        committed[next] = System.nanoTime();
                        due += TimeUnit.MILLISECONDS.toNanos(options.intervalMillis);
                    }
                    awaitDeliveries(first, next);
                    if (round > 0) {
                        report(round, first, next, committed);
                    }
                }
            }
        }
        failIfAnyEnded();
    }

    private void bulkImport() throws Exception {
        try (Connection writer = LoadTools.connect()) {
            writer.createStatement().execute(REMOVE_IMPORTED);
            openAll(0);
            for (int round = 1; round <= options.rounds * 2; round++) {
                boolean withTrigger = round % 2 == 1;
                int[] resetsBefore = subscribers.stream().mapToInt(s -> s.resets.get()).toArray();
                int[] othersBefore = subscribers.stream().mapToInt(s -> s.otherEvents.get()).toArray();
                writer.setAutoCommit(false);
                try (Statement statement = writer.createStatement();
                     PreparedStatement insert = writer.prepareStatement(IMPORT)) {
                    if (!withTrigger) {
                        statement.execute(DISABLE_TRIGGER);
                    }
                    insert.setInt(1, options.rows);
                    long started = System.nanoTime();
                    insert.executeUpdate();
                    if (!withTrigger) {
                        statement.execute(ENABLE_TRIGGER);
                    }
                    writer.commit();
                    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
                    Thread.sleep(options.settleMillis);
                    int resets = 0;
                    int others = 0;
                    int exactlyOne = 0;
                    for (int i = 0; i < subscribers.size(); i++) {
                        int subscriberResets = subscribers.get(i).resets.get() - resetsBefore[i];
                        resets += subscriberResets;
                        others += subscribers.get(i).otherEvents.get() - othersBefore[i];
                        exactlyOne += subscriberResets == 1 ? 1 : 0;
                    }
                    out.printf(Locale.ROOT, "import\t%d\t%s\t%d\t%d\t%d\t%d%n", (round + 1) / 2,
                            withTrigger ? "with-trigger" : "without-trigger", millis, resets, others, exactlyOne);
                } finally {
                    writer.setAutoCommit(true);
                }
                // The delete is a bulk statement too (one reset); then the table is vacuumed so that every round
                // inserts into the same state.
                writer.createStatement().execute(REMOVE_IMPORTED);
                writer.createStatement().execute("VACUUM (ANALYZE) inquiries");
                Thread.sleep(options.settleMillis);
            }
        }
        failIfAnyEnded();
    }

    private void hold() throws Exception {
        openAll(0);
        out.println("ready\t" + subscribers.size());
        out.flush();
        Thread.sleep(Duration.ofSeconds(options.seconds));
        failIfAnyEnded();
    }

    // ---------------------------------------------------------------------------------------------------------
    // Streams

    /** Opens every stream (each until its first event, the reset) and fails when one cannot be opened. */
    private void openAll(int events) throws InterruptedException {
        Semaphore opening = new Semaphore(OPENING_AT_ONCE);
        CountDownLatch ready = new CountDownLatch(options.subscribers);
        for (int i = 0; i < options.subscribers; i++) {
            URI service = options.urls.get(i % options.urls.size());
            Subscriber subscriber = new Subscriber(service, events, ready, opening);
            subscribers.add(subscriber);
            Thread.ofVirtual().name("stream-" + i).start(subscriber::run);
        }
        if (!ready.await(OPEN_LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException((options.subscribers - ready.getCount()) + " of " + options.subscribers
                    + " streams opened within " + OPEN_LIMIT);
        }
        failIfAnyEnded();
        System.err.println("StreamLoad: " + subscribers.size() + " streams open");
    }

    private void awaitDeliveries(int first, int end) throws InterruptedException {
        long limit = System.nanoTime() + DELIVERY_LIMIT.toNanos();
        while (System.nanoTime() < limit) {
            boolean all = true;
            for (Subscriber subscriber : subscribers) {
                for (int event = first; event < end && all; event++) {
                    all = subscriber.received.get(event) != 0;
                }
                if (!all) {
                    break;
                }
            }
            if (all) {
                return;
            }
            Thread.sleep(20);
        }
    }

    private void failIfAnyEnded() {
        long ended = subscribers.stream().filter(subscriber -> subscriber.ended).count();
        if (ended > 0) {
            Subscriber one = subscribers.stream().filter(subscriber -> subscriber.ended).findFirst().orElseThrow();
            throw new IllegalStateException(ended + " streams ended early; one: " + one.endedBecause);
        }
    }

    /** Prints a round's delays over all subscribers and per service. */
    private void report(int round, int first, int end, long[] committed) {
        Map<String, List<Subscriber>> scopes = new LinkedHashMap<>();
        scopes.put("all", subscribers);
        if (options.urls.size() > 1) {
            for (Subscriber subscriber : subscribers) {
                scopes.computeIfAbsent(subscriber.service.toString(), key -> new ArrayList<>()).add(subscriber);
            }
        }
        for (Map.Entry<String, List<Subscriber>> scope : scopes.entrySet()) {
            long[] delays = new long[scope.getValue().size() * (end - first)];
            int pairs = 0;
            int missing = 0;
            for (Subscriber subscriber : scope.getValue()) {
                for (int event = first; event < end; event++) {
                    long received = subscriber.received.get(event);
                    if (received == 0) {
                        missing++;
                    } else {
                        delays[pairs++] = received - committed[event];
                    }
                }
            }
            long[] measured = Arrays.copyOf(delays, pairs);
            Arrays.sort(measured);
            out.printf(Locale.ROOT, "latency\t%d\t%s\t%d\t%d\t%.2f\t%.2f\t%.2f%n", round, scope.getKey(), pairs, missing,
                    LoadTools.millis(LoadTools.percentile(measured, 50)), LoadTools.millis(LoadTools.percentile(measured, 99)),
                    LoadTools.millis(measured.length == 0 ? 0 : measured[measured.length - 1]));
        }
    }

    /** One stream: opened with retries while the service answers 503, then read until the tool exits. */
    private final class Subscriber {

        private final URI service;
        private final AtomicLongArray received;
        private final CountDownLatch ready;
        private final Semaphore opening;
        private final AtomicInteger resets = new AtomicInteger();
        private final AtomicInteger otherEvents = new AtomicInteger();
        private volatile boolean ended;
        private volatile String endedBecause;

        Subscriber(URI service, int events, CountDownLatch ready, Semaphore opening) {
            this.service = service;
            this.received = new AtomicLongArray(Math.max(events, 1));
            this.ready = ready;
            this.opening = opening;
        }

        void run() {
            try (Socket socket = SseStream.open(service, "/api/v1/livechat/inquiries.stream?of=list",
                    Map.of("X-User-Id", options.userId, "X-Auth-Token", options.token), opening, OPEN_LIMIT)) {
                SseStream.read(socket, this::event);
                ended("the server ended the stream");
            } catch (IOException | RuntimeException failure) {
                ended(failure.toString());
            }
        }

        private void ended(String because) {
            endedBecause = because;
            ended = true;
            ready.countDown();
        }

        /** One event block: a reset (the first makes the stream ready), or a change, stamped or not. */
        private void event(String block, long arrived) {
            Matcher name = EVENT_NAME.matcher(block);
            if (!name.find()) {
                return;  // a comment (keep-alive)
            }
            if (name.group(1).equals("reset")) {
                if (resets.incrementAndGet() == 1) {
                    ready.countDown();
                }
                return;
            }
            otherEvents.incrementAndGet();
            Matcher stamp = STAMP.matcher(block);
            if (stamp.find()) {
                int event = Integer.parseInt(stamp.group(1));
                if (event >= 0 && event < received.length()) {
                    received.compareAndSet(event, 0, arrived);
                }
            }
        }
    }

    /** The command line, checked once. */
    private record Options(String mode, List<URI> urls, String userId, String token, int subscribers, int events,
                           int warmupEvents, int rounds, long intervalMillis, int rows, long seconds,
                           long settleMillis) {

        private static int count(Map<String, String> values, String name, String fallback, int least) {
            return (int) LoadTools.number(values, name, fallback, least);
        }

        static Options parse(String[] args) {
            if (args.length == 0 || !List.of("latency", "import", "hold").contains(args[0])) {
                throw new IllegalArgumentException("usage: StreamLoad latency|import|hold --url URL[,URL] --user-id ID"
                        + " --token T --subscribers N [--events E --interval-ms I --warmup-events W --rounds R]"
                        + " [--rows R --settle-ms S] [--seconds S]");
            }
            Map<String, String> values = new LinkedHashMap<>();
            for (int i = 1; i < args.length; i += 2) {
                if (!args[i].startsWith("--") || i + 1 >= args.length) {
                    throw new IllegalArgumentException("expected --name value, not " + args[i]);
                }
                values.put(args[i].substring(2), args[i + 1]);
            }
            List<URI> urls = Arrays.stream(LoadTools.required(values, "url").split(",")).map(URI::create).toList();
            Options options = new Options(args[0], urls, LoadTools.required(values, "user-id"), LoadTools.required(values, "token"),
                    count(values, "subscribers", null, 1), count(values, "events", "50", 1),
                    count(values, "warmup-events", "10", 0), count(values, "rounds", "3", 1),
                    count(values, "interval-ms", "100", 1), count(values, "rows", "100000", 1),
                    count(values, "seconds", "60", 1), count(values, "settle-ms", "2000", 1));
            values.keySet().removeAll(List.of("url", "user-id", "token", "subscribers", "events", "warmup-events",
                    "rounds", "interval-ms", "rows", "seconds", "settle-ms"));
            if (!values.isEmpty()) {
                throw new IllegalArgumentException("unknown options " + values.keySet());
            }
            return options;
        }

    }
}
