package dev.inquiries.web.cli;

import dev.inquiries.web.DatabaseLauncher;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import dev.inquiries.domain.LivechatStatus;
import dev.inquiries.persistence.AgentMembership;
import dev.inquiries.persistence.AgentRepository;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code agents}: put agents into departments, take them out, and set their status. */
@Command(name = "agents", mixinStandardHelpOptions = true, description = "Manages agents.",
        subcommands = {AgentsCommand.Add.class, AgentsCommand.Remove.class, AgentsCommand.Status.class})
final class AgentsCommand implements Runnable {

    @Spec
    private CommandSpec spec;

    @ParentCommand
    private InquiriesCommand parent;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing subcommand: add, remove or status");
    }

    /** A membership as {@code livechat/agents/:agentId/departments} shows it. */
    static Map<String, Object> json(AgentMembership membership) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("_id", membership.id());
        json.put("departmentId", membership.departmentId());
        json.put("departmentName", membership.departmentName());
        json.put("agentId", membership.agentId());
        json.put("username", membership.username());
        json.put("departmentEnabled", membership.departmentEnabled());
        return json;
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Makes a user an agent of a department (giving it the role livechat-agent if it lacks it); "
                    + "prints the membership.")
    static final class Add implements Callable<Integer> {

        @Option(names = "--username", required = true, description = "The user.")
        private String username;

        @Option(names = "--department", required = true, description = "The department, by id or name.")
        private String department;

        @ParentCommand
        private AgentsCommand agents;

        @Spec
        private CommandSpec spec;

        @Override
        public Integer call() {
            JsonLines.print(spec, DatabaseLauncher.withMigrated(agents.parent.settings(),
                    database -> json(new AgentRepository(database).add(username, department))));
            return 0;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true,
            description = "Takes an agent out of a department (it keeps its role); prints the membership removed.")
    static final class Remove implements Callable<Integer> {

        @Option(names = "--username", required = true, description = "The agent.")
        private String username;

        @Option(names = "--department", required = true, description = "The department, by id or name.")
        private String department;

        @ParentCommand
        private AgentsCommand agents;

        @Spec
        private CommandSpec spec;

        @Override
        public Integer call() {
            JsonLines.print(spec, DatabaseLauncher.withMigrated(agents.parent.settings(),
                    database -> json(new AgentRepository(database).remove(username, department))));
            return 0;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Sets an agent's status; prints {\"username\":...,\"statusLivechat\":...}.")
    static final class Status implements Callable<Integer> {

        @Option(names = "--username", required = true, description = "The agent.")
        private String username;

        @Option(names = "--status", required = true, converter = StatusConverter.class,
                description = "available or not-available.")
        private LivechatStatus status;

        @ParentCommand
        private AgentsCommand agents;

        @Spec
        private CommandSpec spec;

        @Override
        public Integer call() {
            LivechatStatus set = DatabaseLauncher.withMigrated(agents.parent.settings(),
                    database -> new AgentRepository(database).setStatus(username, status));
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("username", username);
            json.put("statusLivechat", set.wireName());
            JsonLines.print(spec, json);
            return 0;
        }
    }

    /** Reads a status by its wire name, as the API writes it. */
    static final class StatusConverter implements ITypeConverter<LivechatStatus> {
        @Override
        public LivechatStatus convert(String value) {
            return LivechatStatus.fromWireName(value)
                    .orElseThrow(() -> new TypeConversionException("must be available or not-available, not \"" + value + "\""));
        }
    }
}
