package dev.inquiries.web;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.inquiries.persistence.testing.Await;
import dev.inquiries.persistence.testing.TestDatabase;

/**
 * {@code serve} as its own process on a test database or the embedded PostgreSQL, with its output collected and
 * its port read from it.
 */
final class ServeProcess implements AutoCloseable {

    private static final Pattern SERVING = Pattern.compile("Serving on port (\\d+)");
    /**
     * The client compiler only: a short-lived service starts without the optimising compiler's work, and does the
     * same. (A class-data archive written at exit would save more, but its dump after SIGTERM makes the JVM exit 1.)
     */
    private static final List<String> QUICK_START = List.of("-XX:TieredStopAtLevel=1");

    private final Process process;
    private final Optional<Path> embeddedDirectory;
    private final List<String> output = new CopyOnWriteArrayList<>();

    private ServeProcess(Process process, Optional<Path> embeddedDirectory) {
        this.process = process;
        this.embeddedDirectory = embeddedDirectory;
        Thread.ofVirtual().start(() -> {
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                lines.lines().forEach(output::add);
            } catch (IOException | UncheckedIOException ignored) {
                // the process is gone
            }
        });
    }

    /** Starts {@code serve} on the database, on any free port, with these variables set besides DB_URL. */
    static ServeProcess start(TestDatabase database, Map<String, String> environment) throws IOException {
        return start(database, environment, "serve");
    }

    /** Starts the command (such as {@code serve --demo}) on the database, on any free port, with these variables set besides DB_URL. */
    static ServeProcess start(TestDatabase database, Map<String, String> environment, String... command) throws IOException {
        ProcessBuilder builder = builder(List.of(command));
        builder.environment().put("DB_URL", database.url());
        builder.environment().put("DB_SCHEMA", database.schema());
        builder.environment().putAll(environment);
        return new ServeProcess(builder.start(), Optional.empty());
    }

    /**
     * Starts the command (such as {@code serve --demo}) on the embedded PostgreSQL kept in the directory, on any
     * free port, with these variables set besides DB_EMBEDDED_DIR (and no other DB_ variable of the test's own).
     */
    static ServeProcess startEmbedded(Path dataDirectory, Map<String, String> environment, String... command)
            throws IOException {
        ProcessBuilder builder = builder(List.of(command));
        builder.environment().keySet().removeIf(name -> name.startsWith("DB_"));
        builder.environment().put("DB_EMBEDDED_DIR", dataDirectory.toString());
        builder.environment().putAll(environment);
        return new ServeProcess(builder.start(), Optional.of(dataDirectory));
    }

    private static ProcessBuilder builder(List<String> command) {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> line = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        line.addAll(QUICK_START);
        line.addAll(List.of("-cp", classPath, Main.class.getName()));
        line.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(line);
        builder.environment().put("SERVER_PORT", "0");
        builder.redirectErrorStream(true);
        return builder;
    }

    Process process() {
        return process;
    }

    List<String> output() {
        return output;
    }

    /** The port it serves on, once it says so. */
    int awaitPort() {
        return Await.value(Duration.ofSeconds(30), () -> {
            if (!process.isAlive()) {
                throw new AssertionError("serve ended:\n" + String.join("\n", output));
            }
            return output.stream().map(SERVING::matcher).filter(Matcher::find)
                    .map(serving -> Integer.parseInt(serving.group(1))).findFirst();
        }, () -> "serve did not start:\n" + String.join("\n", output));
    }

    /** The first line it printed that the pattern finds, once it has; the pattern's first group. */
    String awaitLine(Pattern pattern) {
        return Await.value(Duration.ofSeconds(60), () -> output.stream().map(pattern::matcher).filter(Matcher::find)
                .map(found -> found.group(1)).findFirst(), () -> "serve printed no line like " + pattern + ":\n"
                + String.join("\n", output));
    }

    /**
     * Ends the process, and a PostgreSQL it left running in its embedded data directory (when a test fails
     * before the process stopped it), so that no server outlives the test.
     */
    @Override
    public void close() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
        if (embeddedDirectory.isPresent()) {
            Optional<ProcessHandle> postmaster = postmaster(embeddedDirectory.get());
            postmaster.ifPresent(ProcessHandle::destroy);
            postmaster.ifPresent(left -> left.onExit().orTimeout(30, TimeUnit.SECONDS).exceptionally(slow -> left).join());
        }
    }

    /** The live PostgreSQL the data directory's {@code postmaster.pid} names, if any. */
    static Optional<ProcessHandle> postmaster(Path dataDirectory) {
        try {
            List<String> lines = Files.readAllLines(dataDirectory.resolve("postmaster.pid"));
            return lines.isEmpty() ? Optional.empty()
                    : ProcessHandle.of(Long.parseLong(lines.getFirst().strip())).filter(ProcessHandle::isAlive);
        } catch (IOException | NumberFormatException none) {
            return Optional.empty();
        }
    }
}
