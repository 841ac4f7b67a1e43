package dev.inquiries.web.cli;

import dev.inquiries.web.DatabaseLauncher;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import dev.inquiries.persistence.Unit;
import dev.inquiries.persistence.UnitRepository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code units}: group departments into units and assign monitors to them; each prints the unit. */
@Command(name = "units", mixinStandardHelpOptions = true, description = "Manages units and their monitors.",
        subcommands = {UnitsCommand.Add.class, UnitsCommand.Monitors.class})
final class UnitsCommand implements Runnable {

    @Spec
    private CommandSpec spec;

    @ParentCommand
    private InquiriesCommand parent;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing subcommand: add or monitors");
    }

    /** The unit as one JSON object: {@code {"_id":...,"name":...}}. */
    static Map<String, Object> json(Unit unit) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("_id", unit.id());
        json.put("name", unit.name());
        return json;
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Adds a unit of departments, with monitors (each gets the role livechat-monitor if it "
                    + "lacks it); prints it as one line of JSON.")
    static final class Add implements Callable<Integer> {

        @Option(names = "--name", required = true, description = "Its unique name.")
        private String name;

        @Option(names = "--departments", required = true, split = ",",
                description = "Comma-separated departments, each by id or name.")
        private List<String> departments;

        @Option(names = "--monitors", split = ",", description = "Comma-separated usernames of its monitors.")
        private List<String> monitors = new ArrayList<>();

        @ParentCommand
        private UnitsCommand units;

        @Spec
        private CommandSpec spec;

        @Override
        public Integer call() {
            JsonLines.print(spec, DatabaseLauncher.withMigrated(units.parent.settings(),
                    database -> json(new UnitRepository(database).add(name, departments, monitors))));
            return 0;
        }
    }

    /** {@code units monitors}: assign monitors to units. */
    @Command(name = "monitors", mixinStandardHelpOptions = true, description = "Manages the monitors of units.",
            subcommands = {Monitors.AddMonitor.class})
    static final class Monitors implements Runnable {

        @Spec
        private CommandSpec spec;

        @ParentCommand
        private UnitsCommand units;

        @Override
        public void run() {
            throw new ParameterException(spec.commandLine(), "Missing subcommand: add");
        }

        @Command(name = "add", mixinStandardHelpOptions = true,
                description = "Assigns a monitor to a unit (giving it the role livechat-monitor if it lacks it); "
                        + "prints the unit.")
        static final class AddMonitor implements Callable<Integer> {

            @Option(names = "--unit", required = true, description = "The unit, by id or name.")
            private String unit;

            @Option(names = "--username", required = true, description = "The monitor.")
            private String username;

            @ParentCommand
            private Monitors monitors;

            @Spec
            private CommandSpec spec;

            @Override
            public Integer call() {
                JsonLines.print(spec, DatabaseLauncher.withMigrated(monitors.units.parent.settings(),
                        database -> json(new UnitRepository(database).addMonitor(unit, username))));
                return 0;
            }
        }
    }
}
