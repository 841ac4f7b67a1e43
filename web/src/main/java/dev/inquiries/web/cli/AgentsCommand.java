package dev.inquiries.web.cli;

import dev.inquiries.web.Settings;
import dev.inquiries.web.api.json.AgentJson;

import dev.inquiries.domain.LivechatStatus;
import dev.inquiries.persistence.AgentMembership;
import dev.inquiries.persistence.AgentRepository;
import dev.inquiries.persistence.Database;
import dev.inquiries.persistence.RoutingRepository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** {@code agents}: put agents into departments, take them out, and set their status. */
@Command(name = "agents", mixinStandardHelpOptions = true, description = "Manages agents.",
        subcommands = {AgentsCommand.Add.class, AgentsCommand.Remove.class, AgentsCommand.Status.class,
                AgentsCommand.Limit.class})
final class AgentsCommand extends CommandGroup {

    /** A membership as {@code livechat/agents/:agentId/departments} shows it. */
    static Object json(AgentMembership membership) {
        return JsonLines.written(AgentJson.membership(membership));
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Makes a user an agent of a department (giving it the role livechat-agent if it lacks it); "
                    + "prints the membership.")
    static final class Add extends MembershipChange {

        Add() {
            super(AgentRepository::add);
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true,
            description = "Takes an agent out of a department (it keeps its role); prints the membership removed.")
    static final class Remove extends MembershipChange {

        Remove() {
            super(AgentRepository::remove);
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Sets an agent's status; prints {\"username\":...,\"statusLivechat\":...}.")
    static final class Status extends DatabaseCommand {

        @Option(names = "--username", required = true, description = "The agent.")
        private String username;

        @Option(names = "--status", required = true, converter = StatusConverter.class,
                description = "available or not-available.")
        private LivechatStatus status;

        @Override
        Object result(Database database, Settings settings) {
            LivechatStatus set = new AgentRepository(database).setStatus(username, status);
            return JsonLines.object("username", username, "statusLivechat", set.wireName());
        }
    }

    @Command(name = "limit", mixinStandardHelpOptions = true,
            description = "Sets the most open chats the agent serves at once (0: the desk's limit applies); "
                    + "prints {\"username\":...,\"maxNumberSimultaneousChat\":...}.")
    static final class Limit extends DatabaseCommand {

        @Option(names = "--username", required = true, description = "The agent.")
        private String username;

        @Option(names = "--max-chats", required = true, description = "Its limit of open chats (0: the desk's).")
        private int maxChats;

        @Override
        Object result(Database database, Settings settings) {
            int set = new RoutingRepository(database).setAgentLimit(username, maxChats);
            return JsonLines.object("username", username, "maxNumberSimultaneousChat", set);
        }
    }

    /** What {@code add} and {@code remove} share: the user and the department they name, and the membership printed. */
    abstract static class MembershipChange extends DatabaseCommand {

        /** The repository's change of a user's membership of a department, by username and department id or name. */
        @FunctionalInterface
        interface Change {
            AgentMembership apply(AgentRepository agents, String username, String department);
        }

        private final Change change;

        @Option(names = "--username", required = true, description = "The user.")
        private String username;

        @Mixin
        private DepartmentOption department;

        MembershipChange(Change change) {
            this.change = change;
        }

        @Override
        final Object result(Database database, Settings settings) {
            return json(change.apply(new AgentRepository(database), username, department.idOrName()));
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
