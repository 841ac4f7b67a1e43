package dev.inquiries.web;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.inquiries.persistence.testing.TestDatabase;

/** {@code serve} as its own process on a test database, with its output collected and its port read from it. */
final class ServeProcess implements AutoCloseable {

    private static final Pattern SERVING = Pattern.compile("Serving on port (\\d+)");

    private final Process process;
    private final List<String> output = new CopyOnWriteArrayList<>();

    private ServeProcess(Process process) {
        this.process = process;
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
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        ProcessBuilder builder = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classPath, Main.class.getName(), "serve");
        builder.environment().put("DB_URL", database.url());
        builder.environment().put("DB_SCHEMA", database.schema());
        builder.environment().put("SERVER_PORT", "0");
        builder.environment().putAll(environment);
        builder.redirectErrorStream(true);
        return new ServeProcess(builder.start());
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

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
