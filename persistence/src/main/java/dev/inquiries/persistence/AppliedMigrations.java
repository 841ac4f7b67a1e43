package dev.inquiries.persistence;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32;

/**
 * Whether a schema already holds exactly the migrations this build carries, told from Flyway's history in one
 * statement, so that a start against an up-to-date database need not load Flyway at all: its scan, parsing and
 * validation of every script cost about 2 s of CPU, the largest part of the service's start (BENCHMARKS.md,
 * "Startup"). It answers "up to date" only where Flyway's own validation would pass and find nothing to apply: every
 * versioned script of this build applied successfully under its own name and Flyway's checksum of its text, and
 * nothing else in the history but the schema's creation. Anything else (a fresh database, a pending or failed
 * migration, a history from another build, a baseline, a script edited since it was applied, scripts this build
 * cannot list) is left to Flyway, which handles it as before.
 */
final class AppliedMigrations {

    /** The class path folder of the versioned scripts ({@link Database#MIGRATIONS_LOCATION} without its prefix). */
    static final String FOLDER = "db/migration";

    /** Flyway's versioned script names: {@code V<version>__<description>.sql}, the version's parts split by {@code _} or {@code .}. */
    private static final Pattern VERSIONED = Pattern.compile("V([0-9]+(?:[._][0-9]+)*)__[^/]+\\.sql");

    /** A script as Flyway's history records it. */
    record Script(String name, int checksum) {
    }

    private AppliedMigrations() {
    }

    /**
     * The versioned scripts on the class path, by version as Flyway writes it in its history ({@code 1}, {@code 2.1}),
     * or empty when they cannot all be listed or read (a class path of another kind than folders and jars).
     */
    static Optional<Map<String, Script>> carried(ClassLoader loader) {
        Map<String, Script> scripts = new HashMap<>();
        try {
            Enumeration<URL> roots = loader.getResources(FOLDER + "/");
            if (!roots.hasMoreElements()) {
                return Optional.empty();
            }
            for (URL root : Collections.list(roots)) {
                for (String name : namesIn(root)) {
                    Matcher versioned = VERSIONED.matcher(name);
                    if (!versioned.matches()) {
                        // A repeatable script, a Java migration, a sub-folder: Flyway would run or scan it.
                        return Optional.empty();
                    }
                    String version = versioned.group(1).replace('_', '.');
                    URL script = loader.getResource(FOLDER + "/" + name);
                    if (script == null || scripts.putIfAbsent(version, new Script(name, checksum(script))) != null) {
                        // Two scripts of one version: Flyway's to report.
                        return Optional.empty();
                    }
                }
            }
        } catch (IOException | URISyntaxException | RuntimeException unlisted) {
            return Optional.empty();
        }
        return scripts.isEmpty() ? Optional.empty() : Optional.of(scripts);
    }

    /**
     * Whether the schema's history holds exactly the scripts, each applied successfully, and nothing else but Flyway's
     * record of creating the schema. A history that cannot be read (no schema, no table, no permission) is not.
     */
    static boolean upToDate(Connection connection, String schema, Map<String, Script> scripts) {
        // The schema is a plain identifier (DatabaseSettings checks it), so it needs no quoting.
        String history = "SELECT type, version, script, checksum, success FROM " + schema
                + ".flyway_schema_history";
        Map<String, Script> applied = new HashMap<>();
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(history)) {
            while (rows.next()) {
                String type = rows.getString("type");
                if (!rows.getBoolean("success")) {
                    return false;
                }
                if ("SCHEMA".equals(type)) {
                    continue;
                }
                int checksum = rows.getInt("checksum");
                if (!"SQL".equals(type) || rows.wasNull()
                        || applied.put(rows.getString("version"), new Script(rows.getString("script"), checksum)) != null) {
                    return false;
                }
            }
        } catch (SQLException unreadable) {
            return false;
        }
        return applied.equals(scripts);
    }

    /**
     * Flyway's checksum of a script (its {@code ChecksumCalculator}): CRC32 over the UTF-8 bytes of each line, without
     * its line end and without a byte-order mark, taken as a signed 32-bit number. {@code AppliedMigrationsTest} checks
     * it against what Flyway wrote for every script of this build.
     */
    static int checksum(URL script) throws IOException {
        CRC32 crc = new CRC32();
        try (InputStream in = script.openStream();
                BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 4096)) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.startsWith("\uFEFF")) {
                    line = line.substring(1);
                }
                crc.update(line.getBytes(StandardCharsets.UTF_8));
            }
        }
        return (int) crc.getValue();
    }

    /**
     * The names of what a class path folder holds, a folder on disk or one inside a jar: its files, and its sub-folders
     * with a {@code /} at the end.
     */
    private static Iterable<String> namesIn(URL root) throws IOException, URISyntaxException {
        switch (root.getProtocol()) {
            case "file" -> {
                try (Stream<Path> files = Files.list(Path.of(root.toURI()))) {
                    return files.map(file -> file.getFileName() + (Files.isDirectory(file) ? "/" : "")).toList();
                }
            }
            case "jar" -> {
                JarURLConnection connection = (JarURLConnection) root.openConnection();
                connection.setUseCaches(false);
                try (JarFile jar = connection.getJarFile()) {
                    String prefix = connection.getEntryName();
                    prefix = prefix.endsWith("/") ? prefix : prefix + "/";
                    String folder = prefix;
                    return jar.stream().map(JarEntry::getName)
                            .filter(name -> name.startsWith(folder) && name.length() > folder.length())
                            .map(name -> name.substring(folder.length()))
                            .toList();
                }
            }
            default -> throw new IOException("cannot list " + root);
        }
    }
}
