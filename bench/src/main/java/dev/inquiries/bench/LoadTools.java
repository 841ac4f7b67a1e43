package dev.inquiries.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;

/** What the load tools share: their database, their command lines' values, and percentiles of delays. */
final class LoadTools {

    private LoadTools() {
    }

    /** A connection to {@code DB_URL} as {@code DB_USERNAME} / {@code DB_PASSWORD}, committing each statement. */
    static Connection connect() throws SQLException {
        String url = System.getenv("DB_URL");
        if (url == null || url.isBlank()) {
            throw new IllegalStateException("DB_URL is not set");
        }
        Connection connection = DriverManager.getConnection(url, System.getenv("DB_USERNAME"), System.getenv("DB_PASSWORD"));
        connection.setAutoCommit(true);
        return connection;
    }

    /** The value of {@code --name}, which must be given and not blank. */
    static String required(Map<String, String> values, String name) {
        String value = values.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return value;
    }

    /** The whole number {@code --name} (or the fallback; null: required), at least {@code least}. */
    static long number(Map<String, String> values, String name, String fallback, long least) {
        String value = values.getOrDefault(name, fallback);
        if (value == null) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        try {
            long number = Long.parseLong(value);
            if (number < least) {
                throw new NumberFormatException();
            }
            return number;
        } catch (NumberFormatException notNumber) {
            throw new IllegalArgumentException("--" + name + " must be a whole number of at least " + least + ", not " + value);
        }
    }

    /** The nearest-rank percentile of sorted values; 0 for none. */
    static long percentile(long[] sorted, int percent) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    /** User + system clock ticks of a process so far, from /proc; 0 for a process that is gone. */
    static long processTicks(long pid) throws IOException {
        String[] fields = statFields(pid);
        return fields == null ? 0 : Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    /**
     * The CPU time so far of a PostgreSQL cluster, in clock ticks: its postmaster's, that of every process it started
     * that runs now (sessions, autovacuum, the WAL writer, ...) and that of those that ended (the postmaster's
     * children's time), so that a session ending in between takes nothing away. {@code backend}: any session's pid.
     */
    static long clusterTicks(long backend) throws IOException {
        String[] session = statFields(backend);
        if (session == null) {
            return 0;
        }
        long postmaster = Long.parseLong(session[1]);
        String[] own = statFields(postmaster);
        if (own == null) {
            return 0;
        }
        long sum = Long.parseLong(own[11]) + Long.parseLong(own[12]) + Long.parseLong(own[13]) + Long.parseLong(own[14]);
        try (var processes = Files.list(Path.of("/proc"))) {
            for (Path process : (Iterable<Path>) processes::iterator) {
                String name = process.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                String[] fields = statFields(Long.parseLong(name));
                if (fields != null && Long.parseLong(fields[1]) == postmaster) {
                    sum += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                }
            }
        }
        return sum;
    }

    /** The fields of {@code /proc/<pid>/stat} after the command's name (state first), or null when it has ended. */
    private static String[] statFields(long pid) throws IOException {
        String stat;
        try {
            stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
        } catch (NoSuchFileException gone) {
            return null;
        }
        return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    }

    /**
     * The machine's CPU time so far from {@code /proc/stat}, in clock ticks summed over its cores: {@code [busy, all]},
     * busy being all but idle and waiting for I/O.
     */
    static long[] machineTicks() throws IOException {
        String[] fields = Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
        long all = 0;
        // cpu user nice system idle iowait irq softirq steal (guest and guest_nice are inside user and nice)
        for (int i = 1; i <= 8 && i < fields.length; i++) {
            all += Long.parseLong(fields[i]);
        }
        long idle = Long.parseLong(fields[4]) + Long.parseLong(fields[5]);
        return new long[] {all - idle, all};
    }

    static double millis(long nanos) {
        return nanos / 1_000_000.0;
    }
}
