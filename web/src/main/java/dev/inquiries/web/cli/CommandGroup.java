package dev.inquiries.web.cli;

import java.util.List;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * A command that only groups subcommands. Called without one, it is a usage error that names them in their
 * order: {@code Missing subcommand: add, rename, disable or enable}.
 */
abstract class CommandGroup implements Runnable {

    @Spec
    private CommandSpec spec;

    @Override
    public final void run() {
        List<String> names = List.copyOf(spec.subcommands().keySet());
        String last = names.getLast();
        String choices = names.size() == 1 ? last
                : String.join(", ", names.subList(0, names.size() - 1)) + " or " + last;
        throw new ParameterException(spec.commandLine(), "Missing subcommand: " + choices);
    }
}
