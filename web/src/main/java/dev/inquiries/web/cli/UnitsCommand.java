package dev.inquiries.web.cli;

import dev.inquiries.web.Settings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.inquiries.persistence.Database;
import dev.inquiries.persistence.Unit;
import dev.inquiries.persistence.UnitRepository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code units}: group departments into units and assign monitors to them; each prints the unit. */
@Command(name = "units", mixinStandardHelpOptions = true, description = "Manages units and their monitors.",
        subcommands = {UnitsCommand.Add.class, UnitsCommand.Monitors.class})
final class UnitsCommand extends CommandGroup {

    /** The unit as one JSON object: {@code {"_id":...,"name":...}}. */
    static Map<String, Object> json(Unit unit) {
        return JsonLines.object("_id", unit.id(), "name", unit.name());
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Adds a unit of departments, with monitors (each gets the role livechat-monitor if it "
                    + "lacks it); prints it as one line of JSON.")
    static final class Add extends DatabaseCommand {

        @Option(names = "--name", required = true, description = "Its unique name.")
        private String name;

        @Option(names = "--departments", required = true, split = ",",
                description = "Comma-separated departments, each by id or name.")
        private List<String> departments;

        @Option(names = "--monitors", split = ",", description = "Comma-separated usernames of its monitors.")
        private List<String> monitors = new ArrayList<>();

        @Override
        Object result(Database database, Settings settings) {
            return json(new UnitRepository(database).add(name, departments, monitors));
        }
    }

    /** {@code units monitors}: assign monitors to units. */
    @Command(name = "monitors", mixinStandardHelpOptions = true, description = "Manages the monitors of units.",
            subcommands = {Monitors.AddMonitor.class})
    static final class Monitors extends CommandGroup {

        @Command(name = "add", mixinStandardHelpOptions = true,
                description = "Assigns a monitor to a unit (giving it the role livechat-monitor if it lacks it); "
                        + "prints the unit.")
        static final class AddMonitor extends DatabaseCommand {

            @Option(names = "--unit", required = true, description = "The unit, by id or name.")
            private String unit;

            @Option(names = "--username", required = true, description = "The monitor.")
            private String username;

            @Override
            Object result(Database database, Settings settings) {
                return json(new UnitRepository(database).addMonitor(unit, username));
            }
        }
    }
}
