package dev.inquiries.web.cli;

import dev.inquiries.web.DatabaseLauncher;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;

import dev.inquiries.persistence.DepartmentRepository;
import dev.inquiries.persistence.DepartmentSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code departments}: add, rename, disable and enable departments; each prints the department. */
@Command(name = "departments", mixinStandardHelpOptions = true, description = "Manages departments.",
        subcommands = {DepartmentsCommand.Add.class, DepartmentsCommand.Rename.class, DepartmentsCommand.Disable.class,
                DepartmentsCommand.Enable.class})
final class DepartmentsCommand implements Runnable {

    @Spec
    private CommandSpec spec;

    @ParentCommand
    private InquiriesCommand parent;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing subcommand: add, rename, disable or enable");
    }

    /** The department as one JSON object: {@code {"_id":...,"name":...,"enabled":true}}. */
    static Map<String, Object> json(DepartmentSummary department) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("_id", department.id());
        json.put("name", department.name());
        json.put("enabled", department.enabled());
        return json;
    }

    private void print(CommandSpec command, Function<DepartmentRepository, DepartmentSummary> change) {
        JsonLines.print(command, DatabaseLauncher.withMigrated(parent.settings(),
                database -> json(change.apply(new DepartmentRepository(database)))));
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Adds an enabled department and prints it as one line of JSON.")
    static final class Add implements Callable<Integer> {

        @Option(names = "--name", required = true, description = "Its unique name.")
        private String name;

        @Option(names = "--id", description = "Its id (default: a new random one).")
        private String id;

        @ParentCommand
        private DepartmentsCommand departments;

        @Spec
        private CommandSpec spec;

        @Override
        public Integer call() {
            departments.print(spec, repository -> repository.add(name, id));
            return 0;
        }
    }

    @Command(name = "rename", mixinStandardHelpOptions = true, description = "Renames a department; prints it.")
    static final class Rename implements Callable<Integer> {

        @Option(names = "--department", required = true, description = "The department, by id or name.")
        private String department;

        @Option(names = "--name", required = true, description = "Its new unique name.")
        private String name;

        @ParentCommand
        private DepartmentsCommand departments;

        @Spec
        private CommandSpec spec;

        @Override
        public Integer call() {
            departments.print(spec, repository -> repository.rename(department, name));
            return 0;
        }
    }

    @Command(name = "disable", mixinStandardHelpOptions = true,
            description = "Disables a department (its agents are no longer its members for any rule); prints it.")
    static final class Disable implements Callable<Integer> {

        @Option(names = "--department", required = true, description = "The department, by id or name.")
        private String department;

        @ParentCommand
        private DepartmentsCommand departments;

        @Spec
        private CommandSpec spec;

        @Override
        public Integer call() {
            departments.print(spec, repository -> repository.setEnabled(department, false));
            return 0;
        }
    }

    @Command(name = "enable", mixinStandardHelpOptions = true, description = "Enables a department; prints it.")
    static final class Enable implements Callable<Integer> {

        @Option(names = "--department", required = true, description = "The department, by id or name.")
        private String department;

        @ParentCommand
        private DepartmentsCommand departments;

        @Spec
        private CommandSpec spec;

        @Override
        public Integer call() {
            departments.print(spec, repository -> repository.setEnabled(department, true));
            return 0;
        }
    }
}
