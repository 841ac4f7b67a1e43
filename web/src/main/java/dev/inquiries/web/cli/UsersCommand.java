package dev.inquiries.web.cli;

import dev.inquiries.web.Settings;
import java.util.List;
import java.util.Map;

import dev.inquiries.persistence.Database;
import dev.inquiries.persistence.User;
import dev.inquiries.persistence.UserRepository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code users}: manage who may call the API. */
@Command(name = "users", mixinStandardHelpOptions = true, description = "Manages users.",
        subcommands = {UsersCommand.Add.class, UsersCommand.Deactivate.class})
final class UsersCommand extends CommandGroup {

    /** The user as one JSON object: {@code {"_id":...,"username":...,"roles":[...],"active":true}}. */
    static Map<String, Object> json(User user) {
        return JsonLines.object("_id", user.id(), "username", user.username(), "roles", user.roles(), "active", user.active());
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Adds a user and prints it as one line of JSON.")
    static final class Add extends DatabaseCommand {

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

        @Override
        Object result(Database database, Settings settings) {
            return json(new UserRepository(database).add(username, password, roles, email));
        }
    }

    @Command(name = "deactivate", mixinStandardHelpOptions = true,
            description = "Deactivates a user and removes its tokens (every request it makes gets 401); prints it.")
    static final class Deactivate extends DatabaseCommand {

        @Option(names = "--username", required = true, description = "Whom to deactivate.")
        private String username;

        @Override
        Object result(Database database, Settings settings) {
            return json(new UserRepository(database).deactivate(username));
        }
    }
}
