package dev.inquiries.web.cli;

import dev.inquiries.web.DatabaseLauncher;
import dev.inquiries.web.Settings;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import dev.inquiries.domain.Roles;
import dev.inquiries.persistence.Database;
import dev.inquiries.persistence.LoginTokenRepository.IssuedToken;
import dev.inquiries.persistence.LoginTokenRepository;
import dev.inquiries.persistence.UserRepository;
import dev.inquiries.persistence.demo.DemoData;
import dev.inquiries.persistence.demo.DemoSize;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code demo}: migrates, fills an empty queue with made-up inquiries (generated inside PostgreSQL, so a
 * million take well under a minute), and prints a fresh token of the demo admin, for trying the API and for
 * the benchmark. Prints two lines of JSON: what the database holds, then {@code {"userId":...,"authToken":...}}.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Applies the migrations, loads made-up inquiries into an empty queue, and prints two lines of "
                + "JSON: what the database holds (\"loaded\":false when it held data already, which it then leaves "
                + "alone), and a fresh login token of the user \"" + DemoCommand.ADMIN + "\", created without a "
                + "password if absent."})
final class DemoCommand implements Callable<Integer> {

    /** The demo administrator's username. */
    static final String ADMIN = "admin";

    @Option(names = "--inquiries", required = true, paramLabel = "N", description = "How many inquiries in all.")
    private int inquiries;

    @Option(names = "--departments", required = true, paramLabel = "D", description = "How many departments.")
    private int departments;

    @Option(names = "--queued", paramLabel = "Q",
            description = "How many of the inquiries are queued (default: a tenth of N); the rest are taken, open, "
                    + "ready or verifying.")
    private Integer queued;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        DemoSize size = size();
        Settings settings = InquiriesCommand.settings(spec);
        try (DatabaseLauncher launched = DatabaseLauncher.openAndMigrate(settings)) {
            Database database = launched.database();
            DemoData demo = new DemoData(database);
            long started = System.nanoTime();
            boolean loaded = demo.loadIntoEmptyQueue(size);
            long millis = (System.nanoTime() - started) / 1_000_000;
            JsonLines.print(spec, summary(loaded, demo.counts(), millis));
            JsonLines.print(spec, TokensCommand.json(adminToken(database, settings)));
            return 0;
        }
    }

    /**
     * A fresh token of the demo's administrator, made (without a password; {@code serve --demo} gives it one)
     * the first time. {@code serve --demo} prints one too.
     */
    static IssuedToken adminToken(Database database, Settings settings) {
        UserRepository users = new UserRepository(database);
        if (users.findByUsername(ADMIN).isEmpty()) {
            users.add(ADMIN, null, List.of(Roles.ADMIN, Roles.USER));
        }
        return new LoginTokenRepository(database, settings.tokenLifetime()).create(ADMIN);
    }

    private DemoSize size() {
        int queuedInquiries = queued == null ? inquiries / 10 : queued;
        try {
            return new DemoSize(departments, inquiries, queuedInquiries);
        } catch (IllegalArgumentException invalid) {
            throw new ParameterException(spec.commandLine(), "Invalid demo size (--departments " + departments
                    + ", --inquiries " + inquiries + ", --queued " + queuedInquiries + "): " + invalid.getMessage());
        }
    }

    /** {@code {"loaded":true,"departments":20,"inquiries":1000000,"queued":100000,"millis":15000}}. */
    private static Map<String, Object> summary(boolean loaded, DemoData.Counts counts, long millis) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("loaded", loaded);
        if (!loaded) {
            json.put("reason", "the database already holds inquiries or departments; nothing was loaded");
        }
        json.put("departments", counts.departments());
        json.put("inquiries", counts.inquiries());
        json.put("queued", counts.queued());
        if (loaded) {
            json.put("millis", millis);
        }
        return json;
    }
}
