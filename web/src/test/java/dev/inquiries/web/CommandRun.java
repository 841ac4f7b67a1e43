package dev.inquiries.web;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

import dev.inquiries.web.cli.InquiriesCommand;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import picocli.CommandLine;

/**
 * One run of the command line in this JVM, on a configuration of a few keys over {@code application.yaml}'s
 * defaults, with what it printed.
 */
record CommandRun(int exitCode, String out, String err) {

    static CommandRun of(Map<String, String> configuration, String... arguments) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = InquiriesCommand.commandLine(
                () -> Settings.from(Config.just(ConfigSources.create(configuration))));
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        int exitCode = commandLine.execute(arguments);
        return new CommandRun(exitCode, out.toString(), err.toString());
    }
}
