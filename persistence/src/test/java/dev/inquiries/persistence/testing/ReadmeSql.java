package dev.inquiries.persistence.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The SQL blocks of the README that tests run as written, each found by the HTML comment that marks it
 * ({@code <!-- name: ... -->} right before a {@code ```sql} block). A test that runs the README keeps it honest.
 */
public final class ReadmeSql {

    private ReadmeSql() {
    }

    /** The SQL block after the marker {@code <!-- name}. */
    public static String block(String name) {
        String readme = readme();
        String marker = "<!-- " + name + ":";
        int at = readme.indexOf(marker);
        if (at < 0) {
            throw new IllegalStateException("The README has no block marked " + marker);
        }
        int start = readme.indexOf("```sql\n", at);
        if (start < 0) {
            throw new IllegalStateException("No ```sql block follows " + marker + " in the README");
        }
        start += "```sql\n".length();
        return readme.substring(start, readme.indexOf("```", start));
    }

    private static String readme() {
        // Tests run in their module's directory; the README is at the repository's root.
        Path readme = Path.of("..", "README.md");
        try {
            return Files.readString(readme);
        } catch (IOException failure) {
            throw new UncheckedIOException("Could not read " + readme.toAbsolutePath().normalize(), failure);
        }
    }
}
