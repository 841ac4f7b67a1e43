package dev.inquiries.web.cli;

import dev.inquiries.web.ConfigurationException;
import dev.inquiries.web.Settings;
import java.io.PrintWriter;
import java.lang.System.Logger.Level;
import java.lang.System.Logger;
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
        description = "Serves the livechat inquiry queue from PostgreSQL in Rocket.Chat's REST dialect.",
        subcommands = {ServeCommand.class, MigrateCommand.class, DemoCommand.class, UsersCommand.class,
                TokensCommand.class, DepartmentsCommand.class, AgentsCommand.class, UnitsCommand.class,
                RoutingCommand.class, StatementsCommand.class})
public final class InquiriesCommand implements Runnable {

    /** Exit code of a failure while running a command. */
    public static final int FAILED = 1;
    /** Exit code of an invocation picocli could not parse, or of a configuration value the service cannot use. */
    public static final int USAGE = 2;

    private static final Logger LOG = System.getLogger(InquiriesCommand.class.getName());

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
        return commandLine(Settings::load).execute(args);
    }

    public static CommandLine commandLine(Supplier<Settings> settings) {
        return new CommandLine(new InquiriesCommand(settings))
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
