package dev.inquiries.web;

import java.lang.System.Logger.Level;
import java.lang.System.Logger;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import dev.inquiries.persistence.Database;
import dev.inquiries.persistence.DatabaseSettings;
import dev.inquiries.persistence.embedded.EmbeddedPostgresServer;
import io.helidon.Main;
import io.helidon.common.Weighted;
import io.helidon.spi.HelidonShutdownHandler;

/**
 * Opens the database the settings name: the existing PostgreSQL of {@code DB_URL}, or, without one, the
 * embedded PostgreSQL with its data kept in {@code db.embedded.dir}. The pool, timeouts, schema and pooler
 * of the settings apply to either.
 *
 * <p>The embedded PostgreSQL stops when the launcher closes, after the pool: {@code serve} closes it once the
 * web server has let the requests in flight finish. Should the JVM exit without that (SIGTERM during another
 * command, or an exit that skipped the close), it is stopped among Helidon's shutdown handlers, after
 * {@code serve}'s, so that it never stops under requests still being served.
 */
public final class DatabaseLauncher implements AutoCloseable {

    private static final Logger LOG = System.getLogger(DatabaseLauncher.class.getName());

    private final Database database;
    private final Optional<EmbeddedPostgresServer> embedded;

    private DatabaseLauncher(Database database, Optional<EmbeddedPostgresServer> embedded) {
        this.database = database;
        this.embedded = embedded;
    }

    /** Runs a command's work on the migrated database, and closes it (and the embedded server) after. */
    public static <T> T withMigrated(Settings settings, Function<Database, T> work) {
        try (DatabaseLauncher launched = openAndMigrate(settings)) {
            return work.apply(launched.database());
        }
    }

    /** Opens (and, for the embedded default, first starts) the database, then applies the migrations. */
    public static DatabaseLauncher openAndMigrate(Settings settings) {
        DatabaseLauncher launched = open(settings);
        try {
            launched.migrate();
            return launched;
        } catch (RuntimeException failure) {
            launched.close();
            throw failure;
        }
    }

    /**
     * Opens (and, for the embedded default, first starts) the database without migrating it yet: the pool
     * connects lazily, so nothing touches the schema until {@link #migrate()}.
     */
    public static DatabaseLauncher open(Settings settings) {
        Optional<DatabaseSettings> existing = settings.database().existing();
        if (existing.isPresent()) {
            return new DatabaseLauncher(Database.connect(existing.get()), Optional.empty());
        }
        StopOnExit.INSTANCE.register();
        EmbeddedPostgresServer server = EmbeddedPostgresServer.start(settings.embeddedDir(), settings.embeddedPort());
        StopOnExit.INSTANCE.add(server);
        LOG.log(Level.INFO, "No DB_URL set: " + (server.startedHere() ? "embedded PostgreSQL listens" : "using the embedded "
                + "PostgreSQL another process runs") + " on localhost:" + server.port() + " with its data in "
                + server.dataDirectory().toAbsolutePath() + "; reach it with " + server.psqlCommand());
        try {
            return new DatabaseLauncher(Database.connect(settings.database().embeddedAt(server.jdbcUrl())), Optional.of(server));
        } catch (RuntimeException failure) {
            StopOnExit.INSTANCE.stop(server);
            throw failure;
        }
    }

    /** Applies the migrations that have not been applied yet. */
    public void migrate() {
        database.migrate();
    }

    public Database database() {
        return database;
    }

    /** The embedded PostgreSQL, when the settings name no {@code DB_URL}. */
    public Optional<EmbeddedPostgresServer> embedded() {
        return embedded;
    }

    @Override
    public void close() {
        database.close();
        embedded.ifPresent(StopOnExit.INSTANCE::stop);
    }

    /**
     * Stops the embedded PostgreSQL servers still open when the JVM shuts down. It is one of Helidon's shutdown
     * handlers, which run one after another by weight: lighter than {@code serve}'s stop signal (the default
     * weight), it runs after that one has let {@code serve} drain the web server and close the launcher itself.
     */
    private static final class StopOnExit implements HelidonShutdownHandler, Weighted {

        static final StopOnExit INSTANCE = new StopOnExit();

        private static final double AFTER_SERVE = Weighted.DEFAULT_WEIGHT / 10;

        private final Set<EmbeddedPostgresServer> open = ConcurrentHashMap.newKeySet();
        private volatile boolean registered;
        private volatile boolean shuttingDown;

        /** Joins Helidon's shutdown handlers, once, before any server starts. */
        synchronized void register() {
            if (!registered) {
                Main.addShutdownHandler(this);
                registered = true;
            }
        }

        void add(EmbeddedPostgresServer server) {
            open.add(server);
            if (shuttingDown) {
                // Started while the JVM was already stopping, after this handler ran.
                stop(server);
            }
        }

        void stop(EmbeddedPostgresServer server) {
            server.close();
            open.remove(server);
        }

        @Override
        public void shutdown() {
            shuttingDown = true;
            open.forEach(this::stop);
        }

        @Override
        public double weight() {
            return AFTER_SERVE;
        }

        @Override
        public String toString() {
            return "the embedded PostgreSQL's stop";
        }
    }
}
