package dev.inquiries.persistence.embedded;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A PostgreSQL run by the service itself from binaries on its class path, for the zero-setup default: no
 * {@code DB_URL}, no installation. Its data stays in a directory of its own and is reused on the next start.
 *
 * <p>PostgreSQL refuses to run as root; as root the binaries are started through a user namespace
 * ({@code unshare -U}) where the machine allows one.
 *
 * <p>One data directory has one server. When another process of the service runs it already (a
 * {@code serve --demo} while {@code users add} runs), the second one uses that server instead of starting
 * another: its {@code postmaster.pid} names the process and the port (fourth line), and the server's
 * {@code data_directory} must be this one.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    private static final String DATABASE = "inquiries";
    private static final String SUPERUSER = "postgres";
    /** PostgreSQL's lock file in its data directory: the postmaster's pid on line 1, its port on line 4. */
    private static final String POSTMASTER_PID = "postmaster.pid";
    /** The embedded builder's lock file: held by the process that starts and runs the server. */
    private static final String STARTER_LOCK = "epg-lock";
    private static final int PORT_LINE = 3;
    private static final int CONNECT_TIMEOUT_SECONDS = 5;
    /** How long a left-over server is given to stop. */
    private static final int STOP_SECONDS = 10;

    /** The server this process started and stops, or empty when it uses one another process runs. */
    private final Optional<EmbeddedPostgres> postgres;
    private final Path dataDirectory;
    private final int port;

    private EmbeddedPostgresServer(Optional<EmbeddedPostgres> postgres, Path dataDirectory, int port) {
        this.postgres = postgres;
        this.dataDirectory = dataDirectory;
        this.port = port;
    }

    /**
     * Starts PostgreSQL on the data directory (made on first use) and a free local port, or uses the one
     * another process of the service runs on it already, and makes sure the service's database exists.
     *
     * @param dataDirectory where the cluster's files live; kept between starts
     * @param port          the port to listen on (localhost only), or 0 for any free one; ignored when the
     *                      server runs already
     * @throws EmbeddedPostgresException when PostgreSQL cannot start here, or the directory is in use by a
     *                                   server this process cannot use
     */
    public static EmbeddedPostgresServer start(Path dataDirectory, int port) {
        makeUsable(dataDirectory);
        Optional<EmbeddedPostgresServer> running = running(dataDirectory);
        if (running.isPresent()) {
            return running.get();
        }
        try {
            // Beside the data, not in a shared temporary directory another user may own.
            Path binaries = dataDirectory.toAbsolutePath().resolveSibling(dataDirectory.getFileName() + "-binaries");
            Files.createDirectories(binaries);
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .setOverrideWorkingDirectory(binaries.toFile())
                    .setLocaleConfig("locale", "C")
                    .setServerConfig("listen_addresses", "localhost")
                    // Not the builder's own JVM shutdown hook: that one stops PostgreSQL at once, beside the web
                    // server's shutdown, and cuts off the requests still finishing. The owner stops it, in order.
                    .setRegisterShutdownHook(false)
                    // The embedded builder turns fsync off for speed; these data are kept, so turn it back on.
                    .setServerConfig("fsync", "on");
            if (port > 0) {
                builder.setPort(port);
            }
            EmbeddedPostgres postgres;
            Instant attempted = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            try {
                postgres = builder.start();
            } catch (IOException | RuntimeException failure) {
                stopLeftOver(dataDirectory, attempted);
                throw failure;
            }
            EmbeddedPostgresServer server = new EmbeddedPostgresServer(Optional.of(postgres), dataDirectory, postgres.getPort());
            try {
                server.createDatabaseIfAbsent();
            } catch (SQLException failure) {
                server.close();
                throw failure;
            }
            return server;
        } catch (IOException | RuntimeException | SQLException failure) {
            if (isLockedByAnotherProcess(dataDirectory)) {
                // Another process of the service holds the directory: starting its server, or stopping it.
                throw new EmbeddedPostgresException("The embedded PostgreSQL's data directory " + dataDirectory.toAbsolutePath()
                        + " is in use by another process of the service that is starting or stopping its server: try "
                        + "again in a moment, or set DB_EMBEDDED_DIR to another directory");
            }
            throw new EmbeddedPostgresException(failure);
        }
    }

    /** Whether this process started the server (and stops it on {@link #close()}), rather than using a running one. */
    public boolean startedHere() {
        return postgres.isPresent();
    }

    /** The JDBC URL of the service's database on this server. */
    public String jdbcUrl() {
        return urlOf(port, DATABASE);
    }

    /** The port PostgreSQL listens on (localhost only). */
    public int port() {
        return port;
    }

    /** Where the cluster keeps its data. */
    public Path dataDirectory() {
        return dataDirectory;
    }

    /**
     * How to reach the service's database on this server with {@code psql}: no password is asked (the server
     * trusts local connections).
     */
    public String psqlCommand() {
        return "psql -h localhost -p " + port + " -U " + SUPERUSER + " " + DATABASE;
    }

    /**
     * Stops the server if this process started it; one another process runs is left running. Nothing else
     * stops it: the embedded builder's shutdown hook is off, so the owner closes it (also when the JVM exits).
     */
    @Override
    public synchronized void close() {
        if (postgres.isEmpty()) {
            return;
        }
        try {
            postgres.get().close();
        } catch (IOException ignored) {
            // It is stopping anyway; pg_ctl has logged what went wrong.
        }
    }

    /**
     * The server another process runs on the data directory, when its {@code postmaster.pid} names a live
     * process; empty when there is none or the file is stale (PostgreSQL then replaces it as it starts).
     *
     * @throws EmbeddedPostgresException when the process lives but its server cannot be used
     */
    private static Optional<EmbeddedPostgresServer> running(Path dataDirectory) {
        Path pidFile = dataDirectory.resolve(POSTMASTER_PID);
        List<String> lines;
        try {
            lines = Files.readAllLines(pidFile);
        } catch (NoSuchFileException absent) {
            return Optional.empty();
        } catch (IOException unreadable) {
            throw new EmbeddedPostgresException(named(dataDirectory) + " has a " + POSTMASTER_PID + " this user cannot read ("
                    + reason(unreadable) + "): run as the user who owns the directory, or set DB_EMBEDDED_DIR to a "
                    + "directory of your own");
        }
        Optional<Long> pid = lines.isEmpty() ? Optional.empty() : number(lines.getFirst());
        if (pid.isEmpty() || !ProcessHandle.of(pid.get()).map(ProcessHandle::isAlive).orElse(false)) {
            return Optional.empty();
        }
        Optional<Long> port = lines.size() > PORT_LINE ? number(lines.get(PORT_LINE)) : Optional.empty();
        String inUse = "The embedded PostgreSQL's data directory " + dataDirectory.toAbsolutePath() + " is in use by process "
                + pid.get() + " (its " + POSTMASTER_PID + ")";
        if (port.isEmpty()) {
            throw new EmbeddedPostgresException(inUse + ", which names no port yet: try again in a moment, or stop that "
                    + "process, or set DB_EMBEDDED_DIR to another directory");
        }
        int runningPort = port.get().intValue();
        try (Connection connection = connect(urlOf(runningPort, "postgres"));
             Statement statement = connection.createStatement();
             ResultSet directory = statement.executeQuery("SHOW data_directory")) {
            directory.next();
            if (!Files.isSameFile(Path.of(directory.getString(1)), dataDirectory)) {
                throw new EmbeddedPostgresException(inUse + ", but localhost:" + runningPort + " is another PostgreSQL: "
                        + "stop that process if it is a left-over, or set DB_EMBEDDED_DIR to another directory");
            }
        } catch (SQLException | IOException failure) {
            throw new EmbeddedPostgresException(inUse + ", whose PostgreSQL does not answer on localhost:" + runningPort
                    + " (" + EmbeddedPostgresException.firstLine(failure) + "): wait until it has started, or stop that "
                    + "process, or set DB_EMBEDDED_DIR to another directory");
        }
        EmbeddedPostgresServer server = new EmbeddedPostgresServer(Optional.empty(), dataDirectory, runningPort);
        try {
            server.createDatabaseIfAbsent();
        } catch (SQLException failure) {
            throw new EmbeddedPostgresException(failure);
        }
        return Optional.of(server);
    }

    /**
     * Stops the PostgreSQL a failed start left running (the builder started it but gave up waiting for it, and
     * returned nothing to stop it with): the live {@code postgres} named by a {@code postmaster.pid} written since
     * the attempt, unless another process of the service holds the directory. Smart shutdown: nobody is connected.
     */
    private static void stopLeftOver(Path dataDirectory, Instant attempted) {
        Path pidFile = dataDirectory.resolve(POSTMASTER_PID);
        try {
            if (isLockedByAnotherProcess(dataDirectory)
                    || Files.getLastModifiedTime(pidFile).toInstant().isBefore(attempted)) {
                return;
            }
            List<String> lines = Files.readAllLines(pidFile);
            Optional<ProcessHandle> postmaster = (lines.isEmpty() ? Optional.<Long>empty() : number(lines.getFirst()))
                    .flatMap(ProcessHandle::of)
                    .filter(process -> process.info().command().map(command -> command.endsWith("/postgres")).orElse(false));
            postmaster.ifPresent(process -> {
                process.destroy();
                process.onExit().orTimeout(STOP_SECONDS, TimeUnit.SECONDS).exceptionally(stillRunning -> process).join();
            });
        } catch (IOException noneLeft) {
            // No postmaster.pid: nothing was left running.
        }
    }

    /**
     * Makes the data directory if it is absent, and fails with what is wrong with it when PostgreSQL could not
     * keep its data there: it cannot be made (and why), it is no directory, or this user may not write in it.
     */
    private static void makeUsable(Path dataDirectory) {
        Path directory = dataDirectory.toAbsolutePath();
        if (Files.exists(directory)) {
            if (!Files.isDirectory(directory)) {
                throw new EmbeddedPostgresException(named(dataDirectory) + " is not a directory: set DB_EMBEDDED_DIR to a "
                        + "directory, or to one that does not exist yet");
            }
            if (!Files.isWritable(directory)) {
                throw new EmbeddedPostgresException(named(dataDirectory) + " is not writable by this user: run as the user "
                        + "who owns it, or set DB_EMBEDDED_DIR to a directory of your own");
            }
            return;
        }
        try {
            Files.createDirectories(directory);
        } catch (IOException failure) {
            throw new EmbeddedPostgresException(named(dataDirectory) + " does not exist and cannot be made: "
                    + whyNotMade(directory, failure) + "; set DB_EMBEDDED_DIR to a directory this user may make or write");
        }
    }

    /** Why a directory could not be made: what its nearest existing ancestor is, or else what the system said. */
    private static String whyNotMade(Path directory, IOException failure) {
        Path ancestor = directory.getParent();
        while (ancestor != null && !Files.exists(ancestor)) {
            ancestor = ancestor.getParent();
        }
        if (ancestor != null && !Files.isDirectory(ancestor)) {
            return ancestor + " is not a directory";
        }
        if (ancestor != null && !Files.isWritable(ancestor)) {
            return ancestor + " is not writable by this user";
        }
        return reason(failure);
    }

    /** What the file system said, without the path the message names already. */
    private static String reason(IOException failure) {
        return switch (failure) {
            case AccessDeniedException denied -> "permission denied";
            case FileSystemException refused when refused.getReason() != null -> refused.getReason();
            default -> EmbeddedPostgresException.firstLine(failure);
        };
    }

    /** How a message names the data directory and the setting that chose it. */
    private static String named(Path dataDirectory) {
        return "The embedded PostgreSQL's data directory " + dataDirectory.toAbsolutePath() + " (DB_EMBEDDED_DIR)";
    }

    /** Whether another process holds the embedded builder's lock on the data directory. */
    private static boolean isLockedByAnotherProcess(Path dataDirectory) {
        Path lockFile = dataDirectory.resolve(STARTER_LOCK);
        if (!Files.exists(lockFile)) {
            return false;
        }
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE);
             FileLock lock = channel.tryLock()) {
            return lock == null;
        } catch (OverlappingFileLockException heldHere) {
            return false;
        } catch (IOException unknown) {
            return false;
        }
    }

    private static Optional<Long> number(String line) {
        try {
            return Optional.of(Long.parseLong(line.strip()));
        } catch (NumberFormatException notANumber) {
            return Optional.empty();
        }
    }

    private static String urlOf(int port, String database) {
        return "jdbc:postgresql://localhost:" + port + "/" + database + "?user=" + SUPERUSER;
    }

    private static Connection connect(String url) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("connectTimeout", String.valueOf(CONNECT_TIMEOUT_SECONDS));
        properties.setProperty("ApplicationName", "inquiries-embedded");
        return DriverManager.getConnection(url, properties);
    }

    private void createDatabaseIfAbsent() throws SQLException {
        try (Connection connection = connect(urlOf(port, "postgres"));
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
                    + "existing PostgreSQL" + (isRoot() ? ", or run as a normal (non-root) user" : ""), cause);
        }

        EmbeddedPostgresException(String message) {
            super(message);
        }

        static String firstLine(Throwable failure) {
            String message = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
            return message.lines().findFirst().orElse(message).strip();
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
