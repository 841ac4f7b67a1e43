package dev.inquiries.web.cli;

import dev.inquiries.web.DatabaseLauncher;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import dev.inquiries.persistence.User;
import dev.inquiries.persistence.UserRepository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code users}: manage who may call the API. */
@Command(name = "users", mixinStandardHelpOptions = true, description = "Manages users.",
        subcommands = {UsersCommand.Add.class, UsersCommand.Deactivate.class})
final class UsersCommand implements Runnable {

    @Spec
    private CommandSpec spec;

    @ParentCommand
    private InquiriesCommand parent;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing subcommand: add or deactivate");
    }

    /** The user as one JSON object: {@code {"_id":...,"username":...,"roles":[...],"active":true}}. */
    static Map<String, Object> json(User user) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("_id", user.id());
        json.put("username", user.username());
        json.put("roles", user.roles());
        json.put("active", user.active());
        return json;
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Adds a user and prints it as one line of JSON.")
    static final class Add implements Callable<Integer> {

        @Option(names = "--username", required = true, description = "The new user's unique name.")
        private String username;

        @Option(names = "--password", description = "Its password (stored as a bcrypt hash).")
        private String password;

        @Option(names = "--email",
                description = "An email address to log in with (unique without regard to case; counted as verified).")
        private String email;

        @Option(names = "--roles", split = ",", defaultValue = "user",
                description = "Comma-separated roles, e.g. livechat-manager,user (default: ${DEFAULT-VALUE}). "
                        + "Known: admin, user, livechat-agent, livechat-manager, livechat-monitor.")
        private List<String> roles;

        @ParentCommand
        private UsersCommand users;

        @Spec
        private CommandSpec spec;

        @Override
        public Integer call() {
            JsonLines.print(spec, DatabaseLauncher.withMigrated(users.parent.settings(),
                    database -> json(new UserRepository(database).add(username, password, roles, email))));
            return 0;
        }
    }

    @Command(name = "deactivate", mixinStandardHelpOptions = true,
            description = "Deactivates a user and removes its tokens (every request it makes gets 401); prints it.")
    static final class Deactivate implements Callable<Integer> {

        @Option(names = "--username", required = true, description = "Whom to deactivate.")
        private String username;

        @ParentCommand
        private UsersCommand users;

        @Spec
        private CommandSpec spec;

        @Override
        public Integer call() {
            JsonLines.print(spec, DatabaseLauncher.withMigrated(users.parent.settings(),
                    database -> json(new UserRepository(database).deactivate(username))));
            return 0;
        }
    }
}
