package dev.inquiries.web.cli;

import dev.inquiries.web.Settings;
import java.util.Map;

import dev.inquiries.persistence.Database;
import dev.inquiries.persistence.DepartmentRepository;
import dev.inquiries.persistence.DepartmentSummary;
import dev.inquiries.persistence.RoutingRepository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code departments}: add, rename, disable and enable departments; each prints the department. */
@Command(name = "departments", mixinStandardHelpOptions = true, description = "Manages departments.",
        subcommands = {DepartmentsCommand.Add.class, DepartmentsCommand.Rename.class, DepartmentsCommand.Disable.class,
                DepartmentsCommand.Enable.class, DepartmentsCommand.Limit.class})
final class DepartmentsCommand extends CommandGroup {

    /** The department as one JSON object: {@code {"_id":...,"name":...,"enabled":true}}. */
    static Map<String, Object> json(DepartmentSummary department) {
        return JsonLines.object("_id", department.id(), "name", department.name(), "enabled", department.enabled());
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Adds an enabled department and prints it as one line of JSON.")
    static final class Add extends DatabaseCommand {

        @Option(names = "--name", required = true, description = "Its unique name.")
        private String name;

        @Option(names = "--id", description = "Its id (default: a new random one).")
        private String id;

        @Override
        Object result(Database database, Settings settings) {
            return json(new DepartmentRepository(database).add(name, id));
        }
    }

    @Command(name = "rename", mixinStandardHelpOptions = true, description = "Renames a department; prints it.")
    static final class Rename extends DatabaseCommand {

        @Mixin
        private DepartmentOption department;

        @Option(names = "--name", required = true, description = "Its new unique name.")
        private String name;

        @Override
        Object result(Database database, Settings settings) {
            return json(new DepartmentRepository(database).rename(department.idOrName(), name));
        }
    }

    @Command(name = "disable", mixinStandardHelpOptions = true,
            description = "Disables a department (its agents are no longer its members for any rule); prints it.")
    static final class Disable extends SetEnabled {

        Disable() {
            super(false);
        }
    }

    @Command(name = "enable", mixinStandardHelpOptions = true, description = "Enables a department; prints it.")
    static final class Enable extends SetEnabled {

        Enable() {
            super(true);
        }
    }

    @Command(name = "limit", mixinStandardHelpOptions = true,
            description = "Sets the most open chats of the department one agent serves at once (0: no limit); "
                    + "prints {\"_id\":...,\"name\":...,\"maxNumberSimultaneousChat\":...}.")
    static final class Limit extends DatabaseCommand {

        @Mixin
        private DepartmentOption department;

        @Option(names = "--max-chats", required = true, description = "Its limit of open chats per agent (0: none).")
        private int maxChats;

        @Override
        Object result(Database database, Settings settings) {
            RoutingRepository.DepartmentLimit set =
                    new RoutingRepository(database).setDepartmentLimit(department.idOrName(), maxChats);
            return JsonLines.object("_id", set.id(), "name", set.name(), "maxNumberSimultaneousChat", set.maxChats());
        }
    }

    /** What {@code disable} and {@code enable} share: the department they name, and what they set. */
    abstract static class SetEnabled extends DatabaseCommand {

        private final boolean enabled;

        @Mixin
        private DepartmentOption department;

        SetEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        @Override
        final Object result(Database database, Settings settings) {
            return json(new DepartmentRepository(database).setEnabled(department.idOrName(), enabled));
        }
    }
}
