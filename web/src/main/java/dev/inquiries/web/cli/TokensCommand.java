package dev.inquiries.web.cli;

import dev.inquiries.web.DatabaseLauncher;
import dev.inquiries.web.Settings;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import dev.inquiries.persistence.LoginTokenRepository.IssuedToken;
import dev.inquiries.persistence.LoginTokenRepository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code tokens}: login tokens for API callers. */
@Command(name = "tokens", mixinStandardHelpOptions = true, description = "Manages login tokens.",
        subcommands = {TokensCommand.Create.class})
final class TokensCommand implements Runnable {

    @Spec
    private CommandSpec spec;

    @ParentCommand
    private InquiriesCommand parent;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing subcommand: create");
    }

    /** The token as {@code {"userId":"...","authToken":"..."}}. */
    static Map<String, Object> json(IssuedToken token) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("userId", token.userId());
        json.put("authToken", token.authToken());
        return json;
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Creates a login token and prints {\"userId\":...,\"authToken\":...}; only its hash is stored.")
    static final class Create implements Callable<Integer> {

        @Option(names = "--username", required = true, description = "Whose token.")
        private String username;

        @ParentCommand
        private TokensCommand tokens;

        @Spec
        private CommandSpec spec;

        @Override
        public Integer call() {
            Settings settings = tokens.parent.settings();
            JsonLines.print(spec, DatabaseLauncher.withMigrated(settings,
                    database -> json(new LoginTokenRepository(database, settings.tokenLifetime()).create(username))));
            return 0;
        }
    }
}
