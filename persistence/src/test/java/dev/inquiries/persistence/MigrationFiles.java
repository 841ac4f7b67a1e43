package dev.inquiries.persistence;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The versioned SQL files as Flyway finds them on the class path, from a directory or from the migrations jar. */
final class MigrationFiles {

    private static final String DIRECTORY = "db/migration";

    /** A migration file: its name and text. */
    record Migration(String fileName, String sql) {
    }

    private MigrationFiles() {
    }

    static List<Migration> all() {
        URL location = MigrationFiles.class.getClassLoader().getResource(DIRECTORY);
        if (location == null) {
            throw new IllegalStateException("No " + DIRECTORY + " on the class path");
        }
        try {
            if ("jar".equals(location.getProtocol())) {
                try (FileSystem jar = FileSystems.newFileSystem(location.toURI(), Map.of())) {
                    return read(jar.getPath(DIRECTORY));
                }
            }
            return read(Path.of(location.toURI()));
        } catch (IOException failure) {
            throw new UncheckedIOException(failure);
        } catch (URISyntaxException failure) {
            throw new IllegalStateException(failure);
        }
    }

    private static List<Migration> read(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".sql"))
                    .sorted()
                    .map(file -> {
                        try {
                            return new Migration(file.getFileName().toString(), Files.readString(file, StandardCharsets.UTF_8));
                        } catch (IOException failure) {
                            throw new UncheckedIOException(failure);
                        }
                    })
                    .toList();
        }
    }
}
