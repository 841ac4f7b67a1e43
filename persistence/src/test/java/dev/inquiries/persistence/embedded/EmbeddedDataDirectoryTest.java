package dev.inquiries.persistence.embedded;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.inquiries.persistence.embedded.EmbeddedPostgresServer.EmbeddedPostgresException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A data directory ({@code DB_EMBEDDED_DIR}) the embedded PostgreSQL cannot use is refused before anything
 * starts, with the one thing that is wrong with it: absent and impossible to make (and why), not a directory,
 * not writable, or holding a {@code postmaster.pid} that cannot be read.
 */
class EmbeddedDataDirectoryTest {

    @TempDir
    Path temporary;

    /** Directories made read-only for the test, given back their rights afterwards (so @TempDir can go). */
    private final List<Path> readOnly = new ArrayList<>();

    @AfterEach
    void restoreRights() throws Exception {
        for (Path directory : readOnly) {
            if (isRoot()) {
                run("chattr", "-i", directory.toString());
            } else {
                directory.toFile().setWritable(true);
            }
        }
    }

    @Test
    void saysSoWhenTheDirectoryIsAFile() throws IOException {
        Path file = Files.writeString(temporary.resolve("pgdata"), "not a directory");

        assertThatThrownBy(() -> EmbeddedPostgresServer.start(file, 0))
                .isInstanceOf(EmbeddedPostgresException.class)
                .hasMessage("The embedded PostgreSQL's data directory " + file + " (DB_EMBEDDED_DIR) is not a directory: "
                        + "set DB_EMBEDDED_DIR to a directory, or to one that does not exist yet");
    }

    @Test
    void saysWhichPartOfThePathIsNoDirectoryWhenItCannotBeMade() throws IOException {
        Path file = Files.writeString(temporary.resolve("home"), "not a directory");
        Path directory = file.resolve("inquiries").resolve("pgdata");

        assertThatThrownBy(() -> EmbeddedPostgresServer.start(directory, 0))
                .isInstanceOf(EmbeddedPostgresException.class)
                .hasMessage("The embedded PostgreSQL's data directory " + directory + " (DB_EMBEDDED_DIR) does not exist "
                        + "and cannot be made: " + file + " is not a directory; set DB_EMBEDDED_DIR to a directory this "
                        + "user may make or write");
    }

    @Test
    void saysWhichParentIsNotWritableWhenItCannotBeMade() throws Exception {
        Path parent = Files.createDirectory(temporary.resolve("shared"));
        makeReadOnly(parent);
        Path directory = parent.resolve("inquiries").resolve("pgdata");

        assertThatThrownBy(() -> EmbeddedPostgresServer.start(directory, 0))
                .isInstanceOf(EmbeddedPostgresException.class)
                .hasMessage("The embedded PostgreSQL's data directory " + directory + " (DB_EMBEDDED_DIR) does not exist "
                        + "and cannot be made: " + parent + " is not writable by this user; set DB_EMBEDDED_DIR to a "
                        + "directory this user may make or write");
    }

    @Test
    void saysSoWhenTheDirectoryIsNotWritable() throws Exception {
        Path directory = Files.createDirectory(temporary.resolve("pgdata"));
        makeReadOnly(directory);

        assertThatThrownBy(() -> EmbeddedPostgresServer.start(directory, 0))
                .isInstanceOf(EmbeddedPostgresException.class)
                .hasMessage("The embedded PostgreSQL's data directory " + directory + " (DB_EMBEDDED_DIR) is not writable "
                        + "by this user: run as the user who owns it, or set DB_EMBEDDED_DIR to a directory of your own");
    }

    @Test
    void saysSoWhenItsPostmasterPidCannotBeRead() throws IOException {
        Path directory = Files.createDirectory(temporary.resolve("pgdata"));
        // Unreadable even for root: a directory where PostgreSQL keeps its lock file.
        Files.createDirectory(directory.resolve("postmaster.pid"));

        assertThatThrownBy(() -> EmbeddedPostgresServer.start(directory, 0))
                .isInstanceOf(EmbeddedPostgresException.class)
                .hasMessage("The embedded PostgreSQL's data directory " + directory + " (DB_EMBEDDED_DIR) has a "
                        + "postmaster.pid this user cannot read (Is a directory): run as the user who owns the directory, "
                        + "or set DB_EMBEDDED_DIR to a directory of your own");
    }

    /**
     * Takes away the right to write in the directory: its mode for a normal user; for root, who may write
     * whatever the mode says, the immutable attribute (skipped where the file system has none).
     */
    private void makeReadOnly(Path directory) throws Exception {
        if (isRoot()) {
            assumeTrue(run("chattr", "+i", directory.toString()), "chattr +i does not work here");
        } else {
            assumeTrue(directory.toFile().setWritable(false, false), "cannot take the write right away");
        }
        readOnly.add(directory);
        assumeTrue(!Files.isWritable(directory), "the directory is still writable");
    }

    private static boolean run(String... command) throws Exception {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException absent) {
            return false;
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }
}
