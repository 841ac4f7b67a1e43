package dev.inquiries.web.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

import dev.inquiries.persistence.StatementShape;
import dev.inquiries.persistence.Statements;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code statements}: the service's SQL as the service runs it, for reading and running in psql. Without a subcommand
 * it lists the statements' names, one a line (the paths of their files below the persistence package); {@code show}
 * prints one statement in each of its shapes. Neither needs a database. The output is SQL, not JSON.
 */
@Command(name = "statements", mixinStandardHelpOptions = true,
        description = {"Lists the names of the service's SQL statements, one a line.",
            "`statements show NAME` prints one as the service runs it, for psql."},
        subcommands = {StatementsCommand.Show.class})
final class StatementsCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Statements.names().forEach(out::println);
        out.flush();
        return 0;
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = {"Prints the statement in each shape the service composes of it, every attribute filled and its",
                "parameters as psql variables (:'name'), each after a header of comments saying which \\set lines",
                "to give psql first. Per request, the caller is checked as the endpoints check it and the order is",
                "the endpoint's default."})
    static final class Show implements Callable<Integer> {

        @Spec
        private CommandSpec spec;

        @Parameters(paramLabel = "NAME", description = "A statement's name, as `statements` lists it.")
        private String name;

        @Override
        public Integer call() {
            List<StatementShape> shapes = Statements.named(name);
            if (shapes.isEmpty()) {
                throw new ParameterException(spec.commandLine(),
                        "There is no statement \"" + name + "\"; `inquiries statements` lists them");
            }
            PrintWriter out = spec.commandLine().getOut();
            out.print(text(shapes));
            out.flush();
            return 0;
        }
    }

    /** The shapes for psql, one after the other, a blank line between two. */
    static String text(List<StatementShape> shapes) {
        return shapes.stream().map(StatementShape::psql).collect(Collectors.joining("\n"));
    }
}
