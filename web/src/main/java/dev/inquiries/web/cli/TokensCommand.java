package dev.inquiries.web.cli;

import dev.inquiries.web.Settings;
import java.util.Map;

import dev.inquiries.persistence.Database;
import dev.inquiries.persistence.LoginTokenRepository.IssuedToken;
import dev.inquiries.persistence.LoginTokenRepository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tokens}: login tokens for API callers. */
@Command(name = "tokens", mixinStandardHelpOptions = true, description = "Manages login tokens.",
        subcommands = {TokensCommand.Create.class})
final class TokensCommand extends CommandGroup {

    /** The token as {@code {"userId":"...","authToken":"..."}}. */
    static Map<String, Object> json(IssuedToken token) {
        return JsonLines.object("userId", token.userId(), "authToken", token.authToken());
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Creates a login token and prints {\"userId\":...,\"authToken\":...}; only its hash is stored.")
    static final class Create extends DatabaseCommand {

        @Option(names = "--username", required = true, description = "Whose token.")
        private String username;

        @Override
        Object result(Database database, Settings settings) {
            return json(new LoginTokenRepository(database, settings.tokenLifetime()).create(username));
        }
    }
}
