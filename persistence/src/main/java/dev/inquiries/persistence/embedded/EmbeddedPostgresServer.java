package dev.inquiries.persistence.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A PostgreSQL run by the service itself from binaries on its class path, for the zero-setup default: no
 * {@code DB_URL}, no installation. Its data stays in a directory of its own and is reused on the next start.
 *
 * <p>PostgreSQL refuses to run as root; as root the binaries are started through a user namespace
 * ({@code unshare -U}) where the machine allows one.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    private static final String DATABASE = "inquiries";
    private static final String SUPERUSER = "postgres";

    private final EmbeddedPostgres postgres;
    private final Path dataDirectory;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres, Path dataDirectory) {
        this.postgres = postgres;
        this.dataDirectory = dataDirectory;
    }

    /**
     * Starts PostgreSQL on the data directory (made on first use) and a free local port, and makes sure
     * the service's database exists.
     *
     * @param dataDirectory where the cluster's files live; kept between starts
     * @param port          the port to listen on (localhost only), or 0 for any free one
     * @throws EmbeddedPostgresException when PostgreSQL cannot start here
     */
    public static EmbeddedPostgresServer start(Path dataDirectory, int port) {
        try {
            Files.createDirectories(dataDirectory);
            // Beside the data, not in a shared temporary directory another user may own.
            Path binaries = dataDirectory.toAbsolutePath().resolveSibling(dataDirectory.getFileName() + "-binaries");
            Files.createDirectories(binaries);
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .setOverrideWorkingDirectory(binaries.toFile())
                    .setLocaleConfig("locale", "C")
                    .setServerConfig("listen_addresses", "localhost")
                    // The embedded builder turns fsync off for speed; these data are kept, so turn it back on.
                    .setServerConfig("fsync", "on");
            if (port > 0) {
                builder.setPort(port);
            }
            EmbeddedPostgres postgres = builder.start();
            EmbeddedPostgresServer server = new EmbeddedPostgresServer(postgres, dataDirectory);
            server.createDatabaseIfAbsent();
            return server;
        } catch (IOException | RuntimeException | SQLException failure) {
            throw new EmbeddedPostgresException(failure);
        }
    }

    /** The JDBC URL of the service's database on this server. */
    public String jdbcUrl() {
        return postgres.getJdbcUrl(SUPERUSER, DATABASE);
    }

    /** The port PostgreSQL listens on (localhost only). */
    public int port() {
        return postgres.getPort();
    }

    /** Where the cluster keeps its data. */
    public Path dataDirectory() {
        return dataDirectory;
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException ignored) {
            // It is stopping anyway; pg_ctl has logged what went wrong.
        }
    }

    private void createDatabaseIfAbsent() throws SQLException {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            try (ResultSet exists = statement.executeQuery(
                    "SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'")) {
                if (exists.next()) {
                    return;
                }
            }
            statement.execute("CREATE DATABASE " + DATABASE);
        }
    }

    /** The embedded PostgreSQL could not start on this machine or as this user. */
    public static final class EmbeddedPostgresException extends RuntimeException {

        private static final int MAX_REASON = 200;

        EmbeddedPostgresException(Throwable cause) {
            super("The embedded PostgreSQL could not start (" + rootMessage(cause) + "): set DB_URL to use an "
                    + "existing PostgreSQL, or run as a normal (non-root) user", cause);
        }

        private static String rootMessage(Throwable failure) {
            Throwable root = failure;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
            String line = message.lines().findFirst().orElse(message).strip();
            if (line.startsWith("Process [")) {
                // zonky names the whole command line; the program is what matters.
                String program = line.substring("Process [".length()).split("[,\\]]", 2)[0];
                line = Path.of(program).getFileName() + " failed" + (isRoot() ? " (running as root)" : "");
            }
            return line.length() <= MAX_REASON ? line : line.substring(0, MAX_REASON) + "...";
        }

        private static boolean isRoot() {
            return "root".equals(System.getProperty("user.name"));
        }
    }
}
