package dev.inquiries.web;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Optional;
import java.util.function.Function;

import dev.inquiries.persistence.Database;
import dev.inquiries.persistence.DatabaseSettings;
import dev.inquiries.persistence.embedded.EmbeddedPostgresServer;

/**
 * Opens the database the settings name: the existing PostgreSQL of {@code DB_URL}, or, without one, the
 * embedded PostgreSQL with its data kept in {@code db.embedded.dir}.
 */
final class DatabaseLauncher implements AutoCloseable {

    private static final Logger LOG = System.getLogger(DatabaseLauncher.class.getName());

    private final Database database;
    private final Optional<EmbeddedPostgresServer> embedded;

    private DatabaseLauncher(Database database, Optional<EmbeddedPostgresServer> embedded) {
        this.database = database;
        this.embedded = embedded;
    }

    /** Runs a command's work on the migrated database, and closes it (and the embedded server) after. */
    static <T> T withMigrated(Settings settings, Function<Database, T> work) {
        try (DatabaseLauncher launched = openAndMigrate(settings)) {
            return work.apply(launched.database());
        }
    }

    /** Opens (and, for the embedded default, first starts) the database, then applies the migrations. */
    static DatabaseLauncher openAndMigrate(Settings settings) {
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
    static DatabaseLauncher open(Settings settings) {
        if (settings.database().isPresent()) {
            return new DatabaseLauncher(Database.connect(settings.database().get()), Optional.empty());
        }
        EmbeddedPostgresServer server = EmbeddedPostgresServer.start(settings.embeddedDir(), settings.embeddedPort());
        LOG.log(Level.INFO, "No DB_URL set: embedded PostgreSQL listens on localhost:" + server.port()
                + " with its data in " + server.dataDirectory().toAbsolutePath());
        try {
            DatabaseSettings embeddedSettings = DatabaseSettings.of(server.jdbcUrl(), null, null).inSchema(settings.schema());
            return new DatabaseLauncher(Database.connect(embeddedSettings), Optional.of(server));
        } catch (RuntimeException failure) {
            server.close();
            throw failure;
        }
    }

    /** Applies the migrations that have not been applied yet. */
    void migrate() {
        database.migrate();
    }

    Database database() {
        return database;
    }

    @Override
    public void close() {
        database.close();
        embedded.ifPresent(EmbeddedPostgresServer::close);
    }
}
