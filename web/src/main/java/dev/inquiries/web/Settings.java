package dev.inquiries.web;

import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;

import dev.inquiries.domain.Paging;
import dev.inquiries.domain.login.LoginPolicy;
import dev.inquiries.persistence.DatabaseSettings.Pooler;
import dev.inquiries.persistence.DatabaseSettings;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.helidon.service.registry.Services;

/**
 * The service's configuration, read and checked once from Helidon Config: {@code application.yaml} (which
 * holds every key with its default, the only copy of them), overridden by environment variables
 * ({@code DB_URL} becomes {@code db.url}) and system properties. A value of the wrong kind is a
 * {@link ConfigurationException} naming the key.
 *
 * @param server        the web server's own node ({@code server.port}, {@code server.host}, ...), checked
 * @param hostGiven     whether {@code server.host} was given ({@code SERVER_HOST}), not left at its default
 * @param database      the database settings, for an existing PostgreSQL and the embedded one alike
 * @param embeddedDir   where the embedded PostgreSQL keeps its data
 * @param embeddedPort  the port the embedded PostgreSQL listens on, 0 for any free one
 * @param paging        the paging rules of the list endpoints
 * @param tokenLifetime how long a login token stays valid after it is made
 * @param signIn        when repeated failed logins block, and whose address counts
 * @param stream        the live queue's limits and timings
 * @param observe       what the operator's health check and metrics judge by
 * @param pageCache     how many rendered list pages to keep for requests whose queue has not changed (0: none)
 * @param visitors      the bounds of the public visitor endpoints: a rate limit per client address, a queue cap
 * @param chats         the rules of moving and ending chats after a take
 * @param intake        how chats come in through the visitor endpoints
 * @param rooms         the visitors' room streams' limits
 * @param demo          what {@code serve --demo} adds to its demo data: simulated visitors
 */
public record Settings(Config server,
                       boolean hostGiven,
                       DatabaseOptions database,
                       Path embeddedDir,
                       int embeddedPort,
                       Paging paging,
                       Duration tokenLifetime,
                       SignInSettings signIn,
                       StreamSettings stream,
                       ObserveSettings observe,
                       int pageCache,
                       VisitorSettings visitors,
                       ChatSettings chats,
                       IntakeSettings intake,
                       RoomStreamSettings rooms,
                       DemoSettings demo) {

    /** HikariCP refuses to wait less than this for a connection. */
    private static final Duration SHORTEST_POOL_TIMEOUT = Duration.ofMillis(250);
    private static final Duration SHORTEST_TIMEOUT = Duration.ofMillis(1);
    private static final Map<String, Pooler> POOLERS = Map.of("none", Pooler.NONE, "transaction", Pooler.TRANSACTION);
    private static final String HOST = "server.host";

    /**
     * The {@code db.*} settings. The pool, the timeouts, the schema and the pooler apply to whichever
     * PostgreSQL the service uses; the credentials only to the one of {@code db.url}.
     *
     * @param url              the JDBC URL of an existing PostgreSQL, or empty to run the embedded one
     * @param username         the role to connect to it as, or {@code null} for the URL's {@code user=}
     * @param password         its password, or {@code null} for the URL's {@code password=}
     * @param poolSize         the most connections held at once
     * @param poolTimeout      how long a request waits for a connection
     * @param statementTimeout how long a statement may run before PostgreSQL cancels it
     * @param schema           the schema of the service's tables
     * @param pooler           what sits between the service and PostgreSQL
     */
    public record DatabaseOptions(Optional<String> url, String username, String password, int poolSize,
                                  Duration poolTimeout, Duration statementTimeout, String schema, Pooler pooler) {

        /** The settings of the existing PostgreSQL of {@code db.url}, if one is named. */
        public Optional<DatabaseSettings> existing() {
            return url.map(existingUrl -> at(existingUrl, username, password));
        }

        /** The settings of the embedded PostgreSQL at its URL (which carries its user). */
        public DatabaseSettings embeddedAt(String jdbcUrl) {
            return at(jdbcUrl, null, null);
        }

        @Override
        public String toString() {
            return "DatabaseOptions[url=" + url.map(given -> at(given, null, null).redactedUrl()).orElse("(embedded)")
                    + ", username=" + username + ", poolSize=" + poolSize + ", schema=" + schema + ", pooler=" + pooler + "]";
        }

        private DatabaseSettings at(String jdbcUrl, String user, String secret) {
            return new DatabaseSettings(jdbcUrl, user, secret, poolSize, poolTimeout, statementTimeout, schema, pooler);
        }
    }

    /** Reads the default configuration sources: system properties, environment variables, {@code application.yaml}. */
    public static Settings load() {
        return load(false);
    }

    /**
     * Reads the default configuration sources, and with {@code global} makes the configuration Helidon's global one
     * too: {@code serve} needs Helidon's service registry (metrics, the web server), which would otherwise read and
     * parse every source again; the other commands never make the registry, and making it costs about half a
     * second of CPU.
     */
    public static Settings load(boolean global) {
        // The default sources hold application.yaml's server.host too: whether one was given, they cannot tell.
        Config given = Config.builder()
                .disableSystemPropertiesSource()
                .disableEnvironmentVariablesSource()
                .sources(ConfigSources.systemProperties(), ConfigSources.environmentVariables())
                .build();
        Config config = Config.create();
        if (global) {
            Services.set(Config.class, config);
        }
        return from(config, given.get(HOST).exists());
    }

    /**
     * Reads and checks the settings; a key the configuration lacks takes its default from
     * {@code application.yaml}.
     *
     * @param config the keys given, without the defaults
     * @throws ConfigurationException when a value is not what its key wants
     */
    public static Settings from(Config config) {
        return from(config, config.get(HOST).exists());
    }

    private static Settings from(Config config, boolean hostGiven) {
        ConfigValues values = ConfigValues.over(config);
        checkServer(values);
        return new Settings(
                values.node("server"),
                hostGiven,
                database(values),
                values.nonBlank("db.embedded.dir").map(Settings::homeRelative)
                        .orElseThrow(() -> ConfigValues.invalid("db.embedded.dir", "a directory", "")),
                values.port("db.embedded.port"),
                paging(values),
                values.duration("auth.token.lifetime", SHORTEST_TIMEOUT),
                signIn(values),
                stream(values),
                new ObserveSettings(values.duration("observe.snapshot.limit", Duration.ofSeconds(1))),
                values.atLeast("api.pages.cache", 0),
                visitors(values),
                new ChatSettings(values.bool("livechat.close.comment.required")),
                new IntakeSettings(values.bool("livechat.accept.without.agents"), values.text("livechat.queue.message")),
                new RoomStreamSettings(values.atLeast("stream.rooms.limit", 1), values.atLeast("stream.rooms.address.limit", 1)),
                new DemoSettings(demoPeriod(values, "demo.visitors.every")));
    }

    /** A period that {@code 0}, {@code off} or a zero duration turns off (then {@link Duration#ZERO}). */
    private static Duration demoPeriod(ConfigValues values, String key) {
        String raw = values.text(key);
        if (raw.equals("0") || raw.equalsIgnoreCase("off")) {
            return Duration.ZERO;
        }
        try {
            Duration period = Duration.parse(raw);
            if (!period.isNegative()) {
                return period;
            }
        } catch (DateTimeParseException notADuration) {
            // answered below, as a negative one is
        }
        throw ConfigValues.invalid(key, "an ISO-8601 duration (such as PT5S for five seconds), or 0 or off for none", raw);
    }

    /**
     * What {@code serve --demo} adds to its demo data; read by nothing else.
     *
     * @param visitorsEvery how often a simulated visitor starts a chat; {@link Duration#ZERO}: none do
     */
    public record DemoSettings(Duration visitorsEvery) {

        /** Whether simulated visitors arrive at all. */
        public boolean visitorsArrive() {
            return visitorsEvery.isPositive();
        }
    }

    /**
     * Moving and ending chats after a take (room.closeByUser, returnAsInquiry, room.forward).
     *
     * @param commentRequiredOnClose whether a user closing a chat must give a comment (Rocket.Chat:
     *                               {@code Livechat_request_comment_when_closing_conversation})
     */
    public record ChatSettings(boolean commentRequiredOnClose) {
    }

    /**
     * How chats come in ({@code livechat/room}, {@code livechat/config}).
     *
     * @param acceptWithoutAgents whether a new chat comes in (and the widget says {@code online}) while no agent who
     *                            could take it is on duty (Rocket.Chat's {@code Livechat_accept_chats_with_no_agents})
     * @param waitingMessage      the text of {@code queueInfo.message} told a waiting visitor (Rocket.Chat's
     *                            {@code Livechat_waiting_queue_message})
     */
    public record IntakeSettings(boolean acceptWithoutAgents, String waitingMessage) {
    }

    /**
     * The visitors' room streams ({@code GET /api/v1/livechat/room.stream}); they share {@code stream.heartbeat} and
     * {@code stream.buffer} with the live queue, and count against neither its limit nor the server's requests.
     *
     * @param limit      room streams open at once on this instance; more get 503
     * @param perAddress room streams one client address may hold open at once (decided as for failed logins); more
     *                   get 503
     */
    public record RoomStreamSettings(int limit, int perAddress) {
    }

    /** These settings with other room stream limits. */
    public Settings withRooms(RoomStreamSettings other) {
        return new Settings(server, hostGiven, database, embeddedDir, embeddedPort, paging, tokenLifetime, signIn,
                stream, observe, pageCache, visitors, chats, intake, other, demo);
    }

    private static VisitorSettings visitors(ConfigValues values) {
        return new VisitorSettings(
                values.atLeast("api.visitors.rate.limit", 0),
                values.duration("api.visitors.rate.window", Duration.ofSeconds(1)),
                values.atLeast("api.visitors.queue.cap", 0));
    }

    /**
     * The bounds of the public visitor endpoints against a flood from the open internet.
     *
     * @param rateLimit  requests one client address may send to {@code livechat/visitor}, and as many to
     *                   {@code livechat/room}, in a window (Rocket.Chat: 5 a minute); 0: no limit. The address is
     *                   decided as for failed logins ({@code auth.login.proxy.trusted})
     * @param rateWindow how long a window lasts from an address's first request in it
     * @param queueCap   queued chats per department beyond which the intake answers {@code no-agent-online}; 0: no cap
     */
    public record VisitorSettings(int rateLimit, Duration rateWindow, int queueCap) {
    }

    /**
     * What {@code /observe} judges by.
     *
     * @param snapshotLimit how long a snapshot may hold back the cleanup of the queue's dead rows before the health
     *                      check says the service is degraded
     */
    public record ObserveSettings(Duration snapshotLimit) {
    }

    private static StreamSettings stream(ConfigValues values) {
        return new StreamSettings(
                values.atLeast("stream.limit", 1),
                values.duration("stream.heartbeat", SHORTEST_TIMEOUT),
                values.atLeast("stream.buffer", 1),
                values.atLeast("stream.changes.keep", 1),
                values.duration("stream.changes.poll", SHORTEST_TIMEOUT));
    }

    /**
     * The live queue ({@code GET /api/v1/livechat/inquiries.stream}).
     *
     * @param limit     streams open at once; more get 503 (they do not count against server.max-concurrent-requests)
     * @param heartbeat the longest a stream stays silent: a comment line is sent after this long without events
     * @param buffer    events held for one subscriber that does not read; one more disconnects it
     * @param keep      changes kept in the log for resuming with Last-Event-ID
     * @param poll      how often the log is read even without a notification
     */
    public record StreamSettings(int limit, Duration heartbeat, int buffer, int keep, Duration poll) {
    }

    private static SignInSettings signIn(ConfigValues values) {
        return new SignInSettings(
                new LoginPolicy(
                        values.atLeast("auth.login.block.user.failures", 0),
                        values.duration("auth.login.block.user.duration", Duration.ZERO),
                        values.atLeast("auth.login.block.ip.failures", 0),
                        values.duration("auth.login.block.ip.duration", Duration.ZERO),
                        values.duration("auth.login.block.window", Duration.ofSeconds(1))),
                values.bool("auth.login.proxy.trusted"));
    }

    /**
     * How {@code POST /api/v1/login} treats failures.
     *
     * @param policy     when repeated failures block a name or an address
     * @param trustProxy whether a proxy in front sets {@code X-Forwarded-For}, so that its last address is
     *                   the client's (otherwise the connection's peer is)
     */
    public record SignInSettings(LoginPolicy policy, boolean trustProxy) {
    }

    /** These settings with other sign-in settings. */
    public Settings withSignIn(SignInSettings other) {
        return with(other, stream, observe, pageCache, visitors, chats, intake);
    }

    /** These settings with other live-queue settings. */
    public Settings withStream(StreamSettings other) {
        return with(signIn, other, observe, pageCache, visitors, chats, intake);
    }

    /** These settings keeping this many list pages (0: none). */
    public Settings withPageCache(int pages) {
        return with(signIn, stream, observe, pages, visitors, chats, intake);
    }

    /** These settings with other observation settings. */
    public Settings withObserve(ObserveSettings other) {
        return with(signIn, stream, other, pageCache, visitors, chats, intake);
    }

    /** These settings with other bounds of the visitor endpoints. */
    public Settings withVisitors(VisitorSettings other) {
        return with(signIn, stream, observe, pageCache, other, chats, intake);
    }

    /** These settings with other intake settings. */
    public Settings withIntake(IntakeSettings other) {
        return with(signIn, stream, observe, pageCache, visitors, chats, other);
    }

    /** These settings with other rules of moving and ending chats. */
    public Settings withChats(ChatSettings other) {
        return with(signIn, stream, observe, pageCache, visitors, other, intake);
    }

    /** These settings with other demo settings. */
    public Settings withDemo(DemoSettings other) {
        return new Settings(server, hostGiven, database, embeddedDir, embeddedPort, paging, tokenLifetime, signIn,
                stream, observe, pageCache, visitors, chats, intake, rooms, other);
    }

    /** These settings with the parts that the {@code with...} methods change replaced. */
    private Settings with(SignInSettings newSignIn, StreamSettings newStream, ObserveSettings newObserve, int newPageCache,
                          VisitorSettings newVisitors, ChatSettings newChats, IntakeSettings newIntake) {
        return new Settings(server, hostGiven, database, embeddedDir, embeddedPort, paging, tokenLifetime, newSignIn,
                newStream, newObserve, newPageCache, newVisitors, newChats, newIntake, rooms, demo);
    }

    /** Only the defaults of {@code application.yaml}. */
    public static Settings defaults() {
        return from(Config.empty());
    }

    /** Helidon reads the server's node itself; checked here so that a bad value is one clear line, not its mapping error. */
    private static void checkServer(ConfigValues values) {
        values.port("server.port");
        values.nonBlank("server.host").orElseThrow(() -> ConfigValues.invalid("server.host", "an address to listen on", ""));
        values.duration("server.shutdown-grace-period", Duration.ZERO);
        values.atLeast("server.max-concurrent-requests", 1);
        values.duration("server.connection-options.read-timeout", SHORTEST_TIMEOUT);
        values.bool("server.connection-options.tcp-no-delay");
    }

    private static DatabaseOptions database(ConfigValues values) {
        Optional<String> url = values.nonBlank("db.url");
        if (url.isPresent() && !url.get().startsWith("jdbc:postgresql:")) {
            // Not quoted back: a URL may carry a password.
            throw new ConfigurationException(ConfigValues.name("db.url")
                    + " must be a PostgreSQL JDBC URL, jdbc:postgresql://host:5432/database, or empty for the embedded PostgreSQL");
        }
        String schema = values.text("db.schema");
        if (!DatabaseSettings.isValidSchema(schema)) {
            throw ConfigValues.invalid("db.schema", "a lower-case PostgreSQL identifier "
                    + "(letters, digits, underscores; not starting with pg_)", schema);
        }
        return new DatabaseOptions(
                url,
                values.nonBlank("db.username").orElse(null),
                values.nonBlank("db.password").orElse(null),
                values.atLeast("db.pool.size", 1),
                values.duration("db.pool.timeout", SHORTEST_POOL_TIMEOUT),
                values.duration("db.statement.timeout", SHORTEST_TIMEOUT),
                schema,
                values.choice("db.pooler", POOLERS));
    }

    private static Paging paging(ConfigValues values) {
        int limit = values.atLeast("api.count.limit", 1);
        int defaultCount = values.atLeast("api.count.default", 1);
        if (defaultCount > limit) {
            throw ConfigValues.invalid("api.count.default",
                    "at most " + ConfigValues.name("api.count.limit") + ", " + limit, String.valueOf(defaultCount));
        }
        return new Paging(defaultCount, limit, values.bool("api.count.infinite"));
    }

    /** A path, with a leading {@code ~/} meaning the user's home directory. */
    private static Path homeRelative(String path) {
        if (path.equals("~") || path.startsWith("~/")) {
            return Path.of(System.getProperty("user.home"), path.substring(1).replaceFirst("^/", ""));
        }
        return Path.of(path);
    }
}
