package dev.inquiries.web.cli;

import dev.inquiries.web.DatabaseLauncher;
import dev.inquiries.web.Settings;
import java.util.concurrent.Callable;

import dev.inquiries.persistence.Database;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A command that does one thing in the migrated database and prints what it returns as one line of JSON.
 * A new one extends it with its options and {@link #result}; the configuration (from the root command), the
 * database, the printing and the exit status 0 are the same for all, and failures go to the root's handler.
 */
abstract class DatabaseCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Override
    public final Integer call() {
        Settings settings = InquiriesCommand.settings(spec);
        JsonLines.print(spec, DatabaseLauncher.withMigrated(settings, database -> result(database, settings)));
        return 0;
    }

    /** Does the command's work and returns what to print: plain maps and lists, as Jackson writes them. */
    abstract Object result(Database database, Settings settings);
}
