package dev.inquiries.web.cli;

import dev.inquiries.web.ConfigurationException;
import dev.inquiries.web.Settings;
import java.io.PrintWriter;
import java.lang.System.Logger.Level;
import java.lang.System.Logger;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

import dev.inquiries.persistence.DatabaseUnavailableException;
import dev.inquiries.persistence.RequestRefusedException;
import dev.inquiries.persistence.embedded.EmbeddedPostgresServer.EmbeddedPostgresException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * The top of the command line. Every failure a user can cause or meet (a bad invocation or configuration
 * value, an unreachable database, a taken username) ends as one line on stderr and a non-zero exit: 2 for
 * the invocation or the configuration, 1 for what went wrong while running. Anything else is a bug: its
 * line says so, and the log has its stack trace.
 */
@Command(name = "inquiries",
        mixinStandardHelpOptions = true,
        versionProvider = InquiriesCommand.Version.class,
        description = "Serves the livechat inquiry queue from PostgreSQL in Rocket.Chat's REST dialect.")
public final class InquiriesCommand implements Runnable {

    /** Exit code of a failure while running a command. */
    public static final int FAILED = 1;
    /** Exit code of an invocation picocli could not parse, or of a configuration value the service cannot use. */
    public static final int USAGE = 2;

    private static final Logger LOG = System.getLogger(InquiriesCommand.class.getName());

    /** The commands, in the order {@code --help} lists them. */
    private static final List<Class<?>> COMMANDS = List.of(ServeCommand.class, MigrateCommand.class, DemoCommand.class,
            UsersCommand.class, TokensCommand.class, DepartmentsCommand.class, AgentsCommand.class, UnitsCommand.class,
            RoutingCommand.class, StatementsCommand.class);

    @Spec
    private CommandSpec spec;

    private final Supplier<Settings> settings;

    InquiriesCommand(Supplier<Settings> settings) {
        this.settings = settings;
    }

    /**
     * The configuration of the command line the command belongs to, read when the command needs it (so that
     * {@code --help} needs none).
     */
    static Settings settings(CommandSpec command) {
        return ((InquiriesCommand) command.root().userObject()).settings.get();
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "Missing command: serve, migrate, demo, users, tokens, departments, agents, units or statements");
    }

    public static int execute(String... args) {
        String first = args.length == 0 ? "" : args[0];
        boolean serving = first.equals(ServeCommand.class.getAnnotation(Command.class).name());
        // Reading the configuration takes about as long as picocli's model of the commands does: both at once,
        // on two threads. A command that needs no settings (--help) never waits for them, nor sees their failure.
        CompletableFuture<Settings> settings = CompletableFuture.supplyAsync(() -> Settings.load(serving));
        return commandLine(() -> loaded(settings), first).execute(args);
    }

    /** The settings read in the background, or the failure that stopped them, as it was thrown. */
    private static Settings loaded(CompletableFuture<Settings> settings) {
        try {
            return settings.join();
        } catch (CompletionException failure) {
            if (failure.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            if (failure.getCause() instanceof Error error) {
                throw error;
            }
            throw failure;
        }
    }

    public static CommandLine commandLine(Supplier<Settings> settings) {
        return commandLine(settings, "");
    }

    /**
     * The command line with only the command named {@code first} when it names one, else with all. Picocli builds
     * the model of every command it is given from its annotations, by reflection: for all of them that took a third
     * of a second of CPU before {@code serve} began, and a run needs only its own. A first argument that names no
     * command (an option, a typo) gets them all, for the usage and the suggestions.
     */
    private static CommandLine commandLine(Supplier<Settings> settings, String first) {
        CommandLine root = new CommandLine(new InquiriesCommand(settings));
        List<Class<?>> named = COMMANDS.stream()
                .filter(command -> command.getAnnotation(Command.class).name().equals(first))
                .toList();
        // Before the handlers are set: they are set on the commands the command line has then.
        (named.isEmpty() ? COMMANDS : named).forEach(root::addSubcommand);
        return root
                .setParameterExceptionHandler((failure, args) -> {
                    PrintWriter err = failure.getCommandLine().getErr();
                    err.println(failure.getCommandLine().getCommandName() + ": " + failure.getMessage()
                            + " (see --help)");
                    err.flush();
                    return USAGE;
                })
                .setExecutionExceptionHandler((failure, commandLine, parseResult) -> {
                    PrintWriter err = commandLine.getErr();
                    err.println("inquiries: " + describe(failure));
                    err.flush();
                    return failure instanceof ConfigurationException ? USAGE : FAILED;
                });
    }

    /** One line that says what went wrong, without a stack trace. */
    static String describe(Throwable failure) {
        return switch (failure) {
            case ConfigurationException invalid -> invalid.getMessage();
            case DatabaseUnavailableException unavailable -> unavailable.getMessage() + ": " + unavailable.reason();
            case EmbeddedPostgresException embedded -> embedded.getMessage();
            case CannotListenException cannotListen -> cannotListen.getMessage();
            case RequestRefusedException refused -> refused.getMessage();
            default -> {
                LOG.log(Level.ERROR, "Unexpected failure", failure);
                yield "unexpected failure, a bug (" + firstLine(failure) + "); the log above has its details";
            }
        };
    }

    private static String firstLine(Throwable failure) {
        String message = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        return message.lines().findFirst().orElse("").strip();
    }

    /** The version from the jar's manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = InquiriesCommand.class.getPackage().getImplementationVersion();
            return new String[] {"inquiries " + (version == null ? "(development build)" : version)};
        }
    }
}
