package dev.inquiries.web;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;

/** {@code migrate}: applies the migrations and exits. */
@Command(name = "migrate", mixinStandardHelpOptions = true,
        description = "Applies the database migrations that have not been applied yet, then exits.")
final class MigrateCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        try (DatabaseLauncher launched = DatabaseLauncher.openAndMigrate(Settings.load())) {
            System.out.println("The database schema is up to date.");
            return 0;
        }
    }
}
