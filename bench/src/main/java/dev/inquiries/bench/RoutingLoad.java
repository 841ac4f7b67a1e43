package dev.inquiries.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * Routing under load (run by {@code bench/routing.sh}; not a test), against two instances of the service on one
 * database whose desk routes by Load_Balancing.
 *
 * <p>{@code --phase intake}: {@code --clients} clients, alternately on each instance, each create chats one after the
 * other ({@code POST livechat/visitor} with a new token, then {@code GET livechat/room?token=}) for {@code --warmup}
 * seconds, then {@code --duration} seconds measured. A background closer closes every served chat each 200 ms in one
 * statement (as their agents would, {@code closer} user), so that agents never fill up and Load_Balancing's counts stay
 * small. Prints the chats that arrived in the window and were routed (a {@code taken} step without actor in
 * {@code chat_events}) per second, and {@code livechat/room}'s latency percentiles. Afterwards closes what is open.
 * {@code --routed false} (a desk that routes by hand): every chat that arrived need not have been routed.
 *
 * <p>{@code --phase capacity} (the desk has a limit by then): chats come in until every agent is full and
 * {@code --waiting} wait; then {@code --frees} times the next agent in turn closes its oldest chat
 * ({@code room.closeByUser}, alternately on each instance) while the other instance is polled, as that agent, with
 * {@code inquiries.getOne} of the chat next in line until it shows taken; a new chat keeps the queue at its size.
 * Then {@code --available-frees} times (default 100) the next agent goes off duty ({@code agent.status}), closes a
 * chat (nobody has room for the next one, so nothing is routed) and comes back: the same measurement for
 * {@code agent.status available}. Prints each request's latency and the time from sending it to the next chat showing
 * taken, p50/p90/p99.
 */
public final class RoutingLoad {

    private static final String VISITOR = "/api/v1/livechat/visitor";
    private static final String ROOM = "/api/v1/livechat/room?token=";
    private static final String GET_ONE = "/api/v1/livechat/inquiries.getOne?roomId=";
    private static final String CLOSE = "/api/v1/livechat/room.closeByUser";
    private static final String STATUS = "/api/v1/livechat/agent.status";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final long CLOSER_EVERY_MILLIS = 200;
    /** Closes what agents serve, as they would (the statement room.closeByUser runs, for many rooms at once). */
    private static final String CLOSE_SERVED = "UPDATE inquiries AS i SET status = 'closed', closed_at = now(),"
            + " closer = 'user', closed_by = i.taken_by, close_comment = 'routing bench'"
            + " WHERE i.id IN (SELECT s.id FROM inquiries AS s WHERE s.status = 'taken' FOR UPDATE SKIP LOCKED)";
    /** Chats that arrived in [from, to) and were routed: a taken step that no user or visitor made. */
    private static final String ROUTED = "SELECT count(*) FILTER (WHERE EXISTS (SELECT 1 FROM chat_events AS t"
            + " WHERE t.inquiry_id = a.inquiry_id AND t.kind = 'taken' AND t.actor_id IS NULL)), count(*)"
            + " FROM chat_events AS a WHERE a.kind = 'arrived' AND a.at >= ? AND a.at < ?";

    private final List<String> urls;
    private final String jdbc;
    private final String dbUser;
    private final String dbPassword;
    private final List<Agent> agents;
    /** The services' processes (--service-pids), whose CPU the intake reads; none: it reads none. */
    private final List<Long> servicePids;
    private final long ticksPerSecond;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(TIMEOUT).build();
    private final Map<String, LongAdder> statuses = new ConcurrentHashMap<>();
    private final AtomicLong tokens = new AtomicLong();

    private record Agent(String username, String userId, String authToken) {

        HttpRequest.Builder sign(HttpRequest.Builder request) {
            return request.header("X-User-Id", userId).header("X-Auth-Token", authToken);
        }
    }

    private RoutingLoad(List<String> urls, String jdbc, String dbUser, String dbPassword, List<Agent> agents,
                        List<Long> servicePids, long ticksPerSecond) {
        this.urls = urls;
        this.servicePids = servicePids;
        this.ticksPerSecond = ticksPerSecond;
        this.jdbc = jdbc;
        this.dbUser = dbUser;
        this.dbPassword = dbPassword;
        this.agents = agents;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new TreeMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        List<Agent> agents = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(required(options, "agents")))) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length == 3) {
                agents.add(new Agent(fields[0], fields[1], fields[2]));
            }
        }
        RoutingLoad load = new RoutingLoad(List.of(required(options, "urls").split(",")), required(options, "jdbc"),
                required(options, "db-user"), required(options, "db-password"), agents,
                options.containsKey("service-pids")
                        ? Arrays.stream(options.get("service-pids").split(",")).map(Long::parseLong).toList() : List.of(),
                LoadTools.number(options, "ticks-per-second", "100", 1));
        String phase = required(options, "phase");
        boolean fine = switch (phase) {
            case "intake" -> load.intake(Integer.parseInt(options.getOrDefault("clients", "32")),
                    Integer.parseInt(options.getOrDefault("warmup", "10")),
                    Integer.parseInt(options.getOrDefault("duration", "20")),
                    Boolean.parseBoolean(options.getOrDefault("routed", "true")));
            case "capacity" -> load.capacity(Integer.parseInt(options.getOrDefault("waiting", "1000")),
                    Integer.parseInt(options.getOrDefault("frees", "300")),
                    Integer.parseInt(options.getOrDefault("available-frees", "100")));
            default -> throw new IllegalArgumentException("--phase intake or capacity, not " + phase);
        };
        load.statuses.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(entry -> System.out.printf(Locale.ROOT, "  %s: %d%n", entry.getKey(), entry.getValue().sum()));
        System.exit(fine ? 0 : 1);
    }

    private Connection connect() throws SQLException {
        Connection connection = DriverManager.getConnection(jdbc, dbUser, dbPassword);
        connection.setAutoCommit(true);
        return connection;
    }

    // --- 1. Intake ------------------------------------------------------------------------------------------------

    private boolean intake(int clients, int warmupSeconds, int durationSeconds, boolean expectRouted) throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicBoolean measuring = new AtomicBoolean(false);
        List<Double> roomMillis = Collections.synchronizedList(new ArrayList<>());
        LongAdder served = new LongAdder();
        LongAdder answered = new LongAdder();
        LongAdder failed = new LongAdder();
        LongAdder closed = new LongAdder();
        Thread closer = Thread.ofPlatform().name("closer").start(() -> {
            try (Connection connection = connect(); Statement statement = connection.createStatement()) {
                while (running.get()) {
                    closed.add(statement.executeUpdate(CLOSE_SERVED));
                    sleep(CLOSER_EVERY_MILLIS);
                }
            } catch (SQLException failure) {
                throw new IllegalStateException(failure);
            }
        });
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            String url = urls.get(c % urls.size());
            threads.add(Thread.ofPlatform().name("client-" + c).start(() -> {
                try (PlainHttp http = new PlainHttp(URI.create(url), TIMEOUT)) {
                    while (running.get()) {
                        String token = "routing-" + tokens.incrementAndGet();
                        PlainHttp.Answer visitor = send(() -> http.post(VISITOR, "{\"visitor\":{\"token\":\""
                                + token + "\"}}"), "livechat/visitor");
                        if (visitor == null || visitor.status() != 200) {
                            if (measuring.get()) {
                                failed.increment();
                            }
                            continue;
                        }
                        long sent = System.nanoTime();
                        PlainHttp.Answer room = send(() -> http.get(ROOM + token), "livechat/room");
                        double millis = (System.nanoTime() - sent) / 1e6;
                        if (!measuring.get()) {
                            continue;
                        }
                        if (room == null || room.status() != 200) {
                            failed.increment();
                            continue;
                        }
                        roomMillis.add(millis);
                        answered.increment();
                        if (room.body().contains("\"servedBy\":{")) {
                            served.increment();
                        }
                    }
                }
            }));
        }
        sleep(warmupSeconds * 1000L);
        Timestamp from;
        Timestamp to;
        long start;
        double seconds;
        long serviceTicks;
        long databaseTicks;
        long clusterTicks;
        long clientTicks;
        long[] machine;
        try (Connection connection = connect()) {
            Map<Long, Long> backendsBefore = ticksOf(backends(connection));
            long ownBackend = ownBackend(connection);
            long serviceBefore = ticks(servicePids);
            long clusterBefore = LoadTools.clusterTicks(ownBackend);
            long clientBefore = LoadTools.processTicks(ProcessHandle.current().pid());
            long[] machineBefore = LoadTools.machineTicks();
            measuring.set(true);
            start = System.nanoTime();
            from = now(connection);
            statuses.clear();
            sleep(durationSeconds * 1000L);
            to = now(connection);
            seconds = (System.nanoTime() - start) / 1e9;
            measuring.set(false);
            serviceTicks = ticks(servicePids) - serviceBefore;
            databaseTicks = ticksSince(backendsBefore);
            clusterTicks = LoadTools.clusterTicks(ownBackend) - clusterBefore;
            clientTicks = LoadTools.processTicks(ProcessHandle.current().pid()) - clientBefore;
            long[] machineAfter = LoadTools.machineTicks();
            machine = new long[] {machineAfter[0] - machineBefore[0], machineAfter[1] - machineBefore[1]};
        }
        running.set(false);
        for (Thread thread : threads) {
            thread.join();
        }
        closer.join();
        long routed;
        long arrived;
        long open;
        try (Connection connection = connect()) {
            try (PreparedStatement count = connection.prepareStatement(ROUTED)) {
                count.setTimestamp(1, from);
                count.setTimestamp(2, to);
                try (ResultSet row = count.executeQuery()) {
                    row.next();
                    routed = row.getLong(1);
                    arrived = row.getLong(2);
                }
            }
            try (Statement statement = connection.createStatement()) {
                open = queued(statement);
                // Leaves the desk empty for the next phase.
                statement.executeUpdate(CLOSE_SERVED);
                statement.executeUpdate("UPDATE inquiries SET status = 'closed', closed_at = now(), closer = 'system',"
                        + " close_comment = 'routing bench' WHERE status = 'queued'");
            }
        }
        List<Double> sorted = new ArrayList<>(roomMillis);
        Collections.sort(sorted);
        System.out.printf(Locale.ROOT, "intake: %d clients over %d instances, %.1f s measured after %d s of warm-up%n",
                clients, urls.size(), seconds, warmupSeconds);
        System.out.printf(Locale.ROOT, "  chats arrived in the window: %d (%.0f/s); routed (taken step, no actor): %d "
                + "(%.0f/s)%n", arrived, arrived / seconds, routed, routed / seconds);
        System.out.printf(Locale.ROOT, "  livechat/room answered 200 in the window: %d (%.0f/s), with servedBy: %d; "
                + "not 200 or no answer: %d%n", answered.sum(), answered.sum() / seconds, served.sum(), failed.sum());
        System.out.printf(Locale.ROOT, "  livechat/room latency ms: p50 %.1f, p90 %.1f, p99 %.1f, max %.1f%n",
                percentile(sorted, 50), percentile(sorted, 90), percentile(sorted, 99), percentile(sorted, 100));
        System.out.printf(Locale.ROOT, "  closed by the background closer: %d; still queued at the end: %d%n",
                closed.sum(), open);
        // What the chats cost the services and the database; then this tool's own share (the clients and the closer)
        // and how busy the machine was, to read the rate against: on two cores, every millisecond counts.
        System.out.printf(Locale.ROOT, "  CPU per chat arrived: the %d services %.2f ms, PostgreSQL %.2f ms (the whole "
                + "cluster: its sessions, ended ones included, autovacuum, the WAL writer...; of which the sessions of "
                + "this database that lasted the window %.2f ms), the clients (this tool) %.2f ms%n", servicePids.size(),
                cpuMillisPer(serviceTicks, arrived), cpuMillisPer(clusterTicks, arrived),
                cpuMillisPer(databaseTicks, arrived), cpuMillisPer(clientTicks, arrived));
        System.out.printf(Locale.ROOT, "  the machine's CPU busy in the window: %.0f %% of %d cores%n",
                machine[1] == 0 ? 0 : 100.0 * machine[0] / machine[1], Runtime.getRuntime().availableProcessors());
        System.out.printf(Locale.ROOT, "RESULT intake routed_per_s=%.0f room_p50_ms=%.1f room_p99_ms=%.1f%n",
                routed / seconds, percentile(sorted, 50), percentile(sorted, 99));
        return failed.sum() == 0 && (!expectRouted || routed == arrived);
    }

    /** The server processes of the database's sessions now (the services' pools, this tool's connections). */
    private static List<Long> backends(Connection connection) throws SQLException {
        List<Long> pids = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT pid FROM pg_stat_activity WHERE datname = current_database()")) {
            while (rows.next()) {
                pids.add(rows.getLong(1));
            }
        }
        return pids;
    }

    private static long ownBackend(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT pg_backend_pid()")) {
            row.next();
            return row.getLong(1);
        }
    }

    private static Map<Long, Long> ticksOf(List<Long> pids) throws IOException {
        Map<Long, Long> ticks = new TreeMap<>();
        for (long pid : pids) {
            ticks.put(pid, LoadTools.processTicks(pid));
        }
        return ticks;
    }

    /** The CPU since then of those processes that still run (one that ended in between would count negative). */
    private static long ticksSince(Map<Long, Long> before) throws IOException {
        long sum = 0;
        for (Map.Entry<Long, Long> process : before.entrySet()) {
            long now = LoadTools.processTicks(process.getKey());
            if (now > 0) {
                sum += now - process.getValue();
            }
        }
        return sum;
    }

    private static long ticks(List<Long> pids) throws IOException {
        long sum = 0;
        for (long pid : pids) {
            sum += LoadTools.processTicks(pid);
        }
        return sum;
    }

    private double cpuMillisPer(long ticks, long chats) {
        return chats == 0 ? 0 : ticks * 1000.0 / ticksPerSecond / chats;
    }

    // --- 2. Capacity to assignment ------------------------------------------------------------------------------

    private boolean capacity(int waiting, int frees, int availableFrees) throws Exception {
        if (agents.isEmpty()) {
            throw new IllegalArgumentException("--agents lists no agent");
        }
        boolean fine = true;
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            fill(statement, waiting);
            Frees closes = new Frees();
            for (int n = 0; n < frees; n++) {
                Agent agent = agents.get(n % agents.size());
                String closing = oldestServed(connection, agent);
                if (closing == null) {
                    System.out.printf(Locale.ROOT, "FAILED: no chat of %s to close (free %d)%n", agent.username(), n);
                    return false;
                }
                String url = urls.get(n % urls.size());
                fine &= free(statement, agent, url, urls.get((n + 1) % urls.size()), closes,
                        () -> send(agent.sign(post(url, CLOSE, "{\"rid\":\"" + closing
                                + "\",\"comment\":\"routing bench\"}")), "room.closeByUser"));
            }
            // An agent off duty closes one of its chats (nobody else has room: nothing is routed), then comes back.
            Frees returns = new Frees();
            for (int n = 0; n < availableFrees; n++) {
                Agent agent = agents.get(n % agents.size());
                String url = urls.get(n % urls.size());
                String closing = oldestServed(connection, agent);
                if (closing == null || !ok(send(agent.sign(post(url, STATUS, "{\"status\":\"not-available\"}")),
                        "agent.status"))
                        || !ok(send(agent.sign(post(url, CLOSE, "{\"rid\":\"" + closing
                        + "\",\"comment\":\"routing bench\"}")), "room.closeByUser"))) {
                    System.out.printf(Locale.ROOT, "FAILED: %s could not go off duty and close a chat%n",
                            agent.username());
                    return false;
                }
                fine &= free(statement, agent, url, urls.get((n + 1) % urls.size()), returns,
                        () -> send(agent.sign(post(url, STATUS, "{\"status\":\"available\"}")), "agent.status"));
            }
            System.out.printf(Locale.ROOT, "capacity: %d agents at capacity, %d chats waiting; frees one after the "
                    + "other, the request on one instance, the next chat read on the other%n", agents.size(), waiting);
            closes.report("an agent closes one of its chats (room.closeByUser)", "close");
            returns.report("an agent off duty with room comes back (agent.status available)", "available");
            System.out.printf(Locale.ROOT, "  still waiting at the end: %d%n", queued(statement));
        }
        return fine;
    }

    /**
     * One free: the request that frees capacity for {@code agent} is sent to {@code url}; {@code readUrl} (the other
     * instance) is then asked, as that agent, for the chat next in line until it shows taken. Records the request's
     * latency and the time from sending it until the chat showed taken; a new chat keeps the queue at its size.
     */
    private boolean free(Statement statement, Agent agent, String url, String readUrl, Frees frees,
                         Supplier<HttpResponse<String>> request) throws SQLException {
        String[] next = nextInLine(statement);
        if (next == null) {
            System.out.println("FAILED: no chat waiting");
            return false;
        }
        long sent = System.nanoTime();
        HttpResponse<String> answer = request.get();
        long answeredAt = System.nanoTime();
        if (!ok(answer)) {
            System.out.printf(Locale.ROOT, "FAILED: the free answered %s%n",
                    answer == null ? "nothing" : answer.statusCode() + " " + answer.body());
            return false;
        }
        String body = "";
        long deadline = sent + Duration.ofSeconds(10).toNanos();
        while (!body.contains("\"status\":\"taken\"") && System.nanoTime() < deadline) {
            HttpResponse<String> read = send(agent.sign(HttpRequest.newBuilder(URI.create(readUrl + GET_ONE
                    + next[1])).GET()), "inquiries.getOne");
            body = read == null ? "" : read.body();
        }
        long visibleAt = System.nanoTime();
        newChat(url);
        if (!body.contains("\"status\":\"taken\"")) {
            System.out.printf(Locale.ROOT, "FAILED: chat %s not taken 10 s after the free%n", next[0]);
            return false;
        }
        if (!body.contains("\"servedBy\":{\"_id\":\"" + agent.userId() + "\"")) {
            frees.otherAgent++;
        }
        frees.requestMillis.add((answeredAt - sent) / 1e6);
        frees.visibleMillis.add((visibleAt - sent) / 1e6);
        return true;
    }

    private static boolean ok(HttpResponse<String> answer) {
        return answer != null && answer.statusCode() == 200;
    }

    /** The frees of one kind: each request's latency, and the time until the next chat showed taken. */
    private static final class Frees {

        private final List<Double> requestMillis = new ArrayList<>();
        private final List<Double> visibleMillis = new ArrayList<>();
        private int otherAgent;

        void report(String what, String key) {
            Collections.sort(requestMillis);
            Collections.sort(visibleMillis);
            System.out.printf(Locale.ROOT, "  %s, %d times:%n", what, requestMillis.size());
            System.out.printf(Locale.ROOT, "    the request's latency ms: p50 %.1f, p90 %.1f, p99 %.1f, max %.1f%n",
                    percentile(requestMillis, 50), percentile(requestMillis, 90), percentile(requestMillis, 99),
                    percentile(requestMillis, 100));
            System.out.printf(Locale.ROOT, "    request sent -> next chat taken on the other instance, ms: p50 %.1f, "
                    + "p90 %.1f, p99 %.1f, max %.1f%n", percentile(visibleMillis, 50), percentile(visibleMillis, 90),
                    percentile(visibleMillis, 99), percentile(visibleMillis, 100));
            System.out.printf(Locale.ROOT, "    next chat served by another agent than the one freed: %d%n", otherAgent);
            System.out.printf(Locale.ROOT, "RESULT %s request_p50_ms=%.1f request_p90_ms=%.1f request_p99_ms=%.1f "
                            + "visible_p50_ms=%.1f visible_p90_ms=%.1f visible_p99_ms=%.1f%n", key,
                    percentile(requestMillis, 50), percentile(requestMillis, 90), percentile(requestMillis, 99),
                    percentile(visibleMillis, 50), percentile(visibleMillis, 90), percentile(visibleMillis, 99));
        }
    }

    /** Chats come in, 8 at a time, until every agent is at capacity and {@code waiting} wait. */
    private void fill(Statement statement, int waiting) throws Exception {
        int rounds = 0;
        while (queued(statement) < waiting) {
            long missing = waiting - queued(statement);
            List<Thread> threads = new ArrayList<>();
            for (int c = 0; c < 8; c++) {
                String url = urls.get(c % urls.size());
                long share = (missing + 7 - c) / 8;
                threads.add(Thread.ofPlatform().start(() -> {
                    for (long i = 0; i < share; i++) {
                        newChat(url);
                    }
                }));
            }
            for (Thread thread : threads) {
                thread.join();
            }
            if (++rounds > 100) {
                throw new IllegalStateException("the queue does not fill");
            }
        }
        try (ResultSet row = statement.executeQuery("SELECT count(*), count(DISTINCT taken_by) FROM inquiries"
                + " WHERE status = 'taken'")) {
            row.next();
            System.out.printf(Locale.ROOT, "filled: %d chats served by %d agents, %d waiting%n", row.getLong(1),
                    row.getLong(2), queued(statement));
        }
    }

    private void newChat(String url) {
        String token = "routing-" + tokens.incrementAndGet();
        HttpResponse<String> visitor = send(post(url, VISITOR, "{\"visitor\":{\"token\":\"" + token + "\"}}"),
                "livechat/visitor");
        if (visitor != null && visitor.statusCode() == 200) {
            send(HttpRequest.newBuilder(URI.create(url + ROOM + token)).GET(), "livechat/room");
        }
    }

    private static long queued(Statement statement) throws SQLException {
        try (ResultSet row = statement.executeQuery("SELECT count(*) FROM inquiries WHERE status = 'queued'")) {
            row.next();
            return row.getLong(1);
        }
    }

    /** The room of the agent's oldest open chat. */
    private static String oldestServed(Connection connection, Agent agent) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT rid FROM inquiries WHERE status = 'taken'"
                + " AND taken_by = ? ORDER BY ts, id LIMIT 1")) {
            query.setString(1, agent.userId());
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? row.getString(1) : null;
            }
        }
    }

    /** The inquiry and room next in line (the desk sorts by Timestamp): routing's next chat. */
    private static String[] nextInLine(Statement statement) throws SQLException {
        try (ResultSet row = statement.executeQuery("SELECT id, rid FROM inquiries WHERE status = 'queued'"
                + " ORDER BY ts, id COLLATE \"C\" LIMIT 1")) {
            return row.next() ? new String[] {row.getString(1), row.getString(2)} : null;
        }
    }

    // --- Plumbing -------------------------------------------------------------------------------------------------

    private static Timestamp now(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT clock_timestamp()")) {
            row.next();
            return row.getTimestamp(1);
        }
    }

    private static HttpRequest.Builder post(String url, String path, String json) {
        return HttpRequest.newBuilder(URI.create(url + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
    }

    /** Sends the request and counts its status under the endpoint: the answer, null when there was none. */
    private HttpResponse<String> send(HttpRequest.Builder request, String endpoint) {
        HttpResponse<String> answer;
        try {
            answer = client.send(request.timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException failure) {
            answer = null;
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            answer = null;
        }
        statuses.computeIfAbsent(endpoint + " " + (answer == null ? "no answer" : answer.statusCode()),
                key -> new LongAdder()).increment();
        return answer;
    }

    /** A request on a client's own connection. */
    @FunctionalInterface
    private interface PlainRequest {
        PlainHttp.Answer send() throws IOException;
    }

    /** Sends the request and counts its status under the endpoint: the answer, null when there was none. */
    private PlainHttp.Answer send(PlainRequest request, String endpoint) {
        PlainHttp.Answer answer;
        try {
            answer = request.send();
        } catch (IOException failure) {
            answer = null;
        }
        statuses.computeIfAbsent(endpoint + " " + (answer == null ? "no answer" : answer.status()),
                key -> new LongAdder()).increment();
        return answer;
    }

    private static double percentile(List<Double> sorted, int percent) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(percent / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    private static void sleep(long millis) {
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
