package dev.inquiries.web.cli;

import dev.inquiries.web.DatabaseLauncher;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code migrate}: applies the migrations and exits. */
@Command(name = "migrate", mixinStandardHelpOptions = true,
        description = "Applies the database migrations that have not been applied yet, then exits.")
final class MigrateCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        DatabaseLauncher.withMigrated(InquiriesCommand.settings(spec), database -> database);
        spec.commandLine().getOut().println("The database schema is up to date.");
        return 0;
    }
}
