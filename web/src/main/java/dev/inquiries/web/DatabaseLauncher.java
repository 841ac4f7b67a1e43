package dev.inquiries.web;

import java.lang.System.Logger.Level;
import java.lang.System.Logger;
import java.util.Optional;
import java.util.function.Function;

import dev.inquiries.persistence.Database;
import dev.inquiries.persistence.DatabaseSettings;
import dev.inquiries.persistence.embedded.EmbeddedPostgresServer;

/**
 * Opens the database the settings name: the existing PostgreSQL of {@code DB_URL}, or, without one, the
 * embedded PostgreSQL with its data kept in {@code db.embedded.dir}. The pool, timeouts, schema and pooler
 * of the settings apply to either.
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
        EmbeddedPostgresServer server = EmbeddedPostgresServer.start(settings.embeddedDir(), settings.embeddedPort());
        LOG.log(Level.INFO, "No DB_URL set: " + (server.startedHere() ? "embedded PostgreSQL listens" : "using the embedded "
                + "PostgreSQL another process runs") + " on localhost:" + server.port() + " with its data in "
                + server.dataDirectory().toAbsolutePath());
        try {
            return new DatabaseLauncher(Database.connect(settings.database().embeddedAt(server.jdbcUrl())), Optional.of(server));
        } catch (RuntimeException failure) {
            server.close();
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

    @Override
    public void close() {
        database.close();
        embedded.ifPresent(EmbeddedPostgresServer::close);
    }
}
