package dev.inquiries.web.cli;

import dev.inquiries.web.ConfigurationException;
import dev.inquiries.web.DatabaseLauncher;
import dev.inquiries.web.InquiriesServer;
import dev.inquiries.web.Settings;
import java.lang.System.Logger.Level;
import java.lang.System.Logger;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.IntFunction;

import dev.inquiries.persistence.Database;
import dev.inquiries.persistence.LoginTokenRepository.IssuedToken;
import dev.inquiries.persistence.demo.DemoData;
import dev.inquiries.persistence.demo.DemoSize;
import io.helidon.config.ConfigException;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.service.registry.Services;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code serve}: migrates, then serves until SIGTERM or SIGINT, and then stops in order: the server
 * (in-flight requests finish), the pool, the embedded PostgreSQL. When it cannot listen on its port it
 * stops the pool and the embedded PostgreSQL too, and fails with one line naming the port. With {@code --demo}
 * it prints passwords, so it listens on loopback only unless {@code SERVER_HOST} is given, and once it serves,
 * {@link SimulatedVisitors} start chats every {@code demo.visitors.every} until stopping begins.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Applies the migrations, then serves the API (port: SERVER_PORT, default 3000).")
final class ServeCommand implements Callable<Integer> {

    private static final Logger LOG = System.getLogger(ServeCommand.class.getName());
    /** Where {@code serve --demo} listens unless {@code SERVER_HOST} is given: this machine only. */
    static final String DEMO_HOST = "127.0.0.1";

    @Option(names = "--demo",
            description = "Load demo data into an empty queue, print the queue page's address, a curl line with a "
                    + "fresh admin token and new passwords of the demo's users, and listen on " + DEMO_HOST
                    + " only unless SERVER_HOST is set; simulated visitors then start chats every DEMO_VISITORS_EVERY "
                    + "(default 5s, 0: none).")
    private boolean demo;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        Settings settings = InquiriesCommand.settings(spec);
        String host = demo && !settings.hostGiven() ? DEMO_HOST : settings.server().get("host").asString().get();
        int port = settings.server().get("port").asInt().get();
        CannotListenException.probe(host, port);
        // Setting up the web server needs no schema: it runs on another thread while the pool opens and Flyway checks
        // the migrations (most of the start-up time; there are two cores). It begins with what needs no database
        // either: the service registry and the meter registry, made on first use. It serves only once both are done.
        CompletableFuture<Database> opened = new CompletableFuture<>();
        CompletableFuture<Built> built = CompletableFuture.supplyAsync(() -> {
            WebServerConfig.Builder builder = WebServer.builder().config(settings.server()).host(host)
                    .shutdownHook(false);
            Services.get(MeterRegistry.class);
            Runnable stopping = InquiriesServer.configure(builder, opened.join(), settings);
            return new Built(builder.build(), stopping);
        });
        // The launcher first: it joins Helidon's shutdown handlers (to stop the embedded PostgreSQL should nothing
        // else), which none can join while the stop signal holds a shutdown; and it closes last, once the server drained.
        DatabaseLauncher launcher;
        try {
            launcher = DatabaseLauncher.open(settings);
        } catch (RuntimeException failure) {
            opened.completeExceptionally(failure);
            throw failure;
        }
        try (DatabaseLauncher launched = launcher; StopSignal stop = StopSignal.listen()) {
            Database database = launched.database();
            opened.complete(database);
            launched.migrate();
            IntFunction<String> demoLines = demo ? prepareDemo(launched, settings) : null;
            Built made = built(built);
            WebServer server = made.server().start();
            // Helidon logs a failure to bind and returns a server that is not running, on port -1.
            if (!server.isRunning() || server.port() < 0) {
                server.stop();
                throw CannotListenException.afterStart(host, port);
            }
            LOG.log(Level.INFO, "Serving on port " + server.port() + " at " + host);
            SimulatedVisitors simulated = null;
            if (demoLines != null) {
                spec.commandLine().getOut().println(demoLines.apply(server.port()));
                if (settings.demo().visitorsArrive()) {
                    simulated = SimulatedVisitors.start(database, settings);
                }
                spec.commandLine().getOut().println(SimulatedVisitors.startLine(settings.demo()));
                spec.commandLine().getOut().flush();
            }
            try {
                stop.await();
            } finally {
                // Before the server and the pool: no simulated visitor may use a pool that is closing.
                if (simulated != null) {
                    simulated.close();
                }
            }
            LOG.log(Level.INFO, "Stopping: ending the live queue's streams, finishing requests in flight");
            made.stopping().run();
            server.stop();
        }
        return 0;
    }

    /**
     * The server set up in the background, or the failure that stopped it, as it was thrown. The keys of
     * {@code server} the service knows are checked before; a bad value of another one is Helidon's to find.
     */
    private static Built built(CompletableFuture<Built> built) {
        try {
            return built.join();
        } catch (CompletionException failure) {
            if (failure.getCause() instanceof ConfigException invalid) {
                LOG.log(Level.WARNING, invalid.getMessage());
                throw new ConfigurationException("a setting under server (SERVER_...) has a value the web server cannot "
                        + "use, see the warning above");
            }
            if (failure.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw failure;
        }
    }

    /** The server as set up, and what to run when it begins to stop ({@link InquiriesServer#configure}). */
    private record Built(WebServer server, Runnable stopping) {
    }

    /**
     * Loads the demo data once and returns what to open and paste: the queue page's address, a curl line with a
     * new token of the demo admin, the admin's username and its new password, a curl line that signs in with
     * them, the demo desk's people with their new passwords, and, on the embedded PostgreSQL, how to reach it
     * with psql.
     */
    private IntFunction<String> prepareDemo(DatabaseLauncher launched, Settings settings) {
        Database database = launched.database();
        boolean loaded = new DemoData(database).loadIntoEmptyQueue(DemoSize.SMALL);
        LOG.log(Level.INFO, loaded
                ? "Demo data loaded: " + DemoSize.SMALL.departments() + " departments, " + DemoSize.SMALL.queued()
                        + " queued inquiries"
                : "The queue already holds data; no demo data loaded");
        IssuedToken token = DemoCommand.adminToken(database, settings);
        DemoDesk.Passwords passwords = DemoDesk.prepare(database);
        String password = passwords.admin().password();
        return port -> {
            StringBuilder text = new StringBuilder()
                    .append("Queue page: http://localhost:").append(port).append("/\n")
                    .append("curl -H 'X-User-Id: ").append(token.userId()).append("' -H 'X-Auth-Token: ")
                    .append(token.authToken()).append("' 'http://localhost:").append(port)
                    .append(InquiriesServer.LIVECHAT_API).append("/inquiries.list?count=5'\n")
                    .append("Sign in as the demo administrator: username ").append(DemoCommand.ADMIN)
                    .append(", password ").append(password).append('\n')
                    .append("curl -H 'Content-Type: application/json' -d '{\"user\":\"").append(DemoCommand.ADMIN)
                    .append("\",\"password\":\"").append(password).append("\"}' http://localhost:").append(port)
                    .append(InquiriesServer.API).append("/login\n")
                    .append("Demo desk (username, role, password; every start sets new passwords):");
            for (DemoDesk.Person person : passwords.desk()) {
                text.append("\n  ").append(person.username()).append("  ").append(person.role()).append("  ")
                        .append(person.password());
            }
            launched.embedded().ifPresent(embedded -> text.append("\nEmbedded PostgreSQL: ")
                    .append(embedded.psqlCommand()));
            return text.toString();
        };
    }
}
