package dev.inquiries.web.cli;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import dev.inquiries.domain.QueueOrder;
import dev.inquiries.domain.RoutingMethod;
import dev.inquiries.persistence.Database;
import dev.inquiries.persistence.RoutingRepository;
import dev.inquiries.persistence.RoutingRepository.RoutingSettings;
import dev.inquiries.web.Settings;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code routing}: the desk's routing method and limit of open chats per agent ({@code show}, {@code set}), and every
 * agent's load against its capacity ({@code loads}). The limits of one agent or department are set by
 * {@code agents limit} and {@code departments limit}.
 */
@Command(name = "routing", mixinStandardHelpOptions = true,
        description = "Shows and sets how chats reach agents, and each agent's load.",
        subcommands = {RoutingCommand.Show.class, RoutingCommand.Set.class, RoutingCommand.Loads.class})
final class RoutingCommand extends CommandGroup {

    /**
     * The settings as one JSON object:
     * {@code {"method":"Load_Balancing","maxChatsPerAgent":3,"maxQueueWaitMinutes":0,"sortingMechanism":"Timestamp"}}.
     */
    static Map<String, Object> json(RoutingSettings settings) {
        return JsonLines.object("method", settings.method().wireName(), "maxChatsPerAgent", settings.maxChatsPerAgent(),
                "maxQueueWaitMinutes", settings.maxQueueWaitMinutes(), "sortingMechanism", settings.order().wireName());
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Prints the routing method, the desk's limit of open chats per agent (0: none), the longest "
                    + "queue wait in minutes (0: none) and the queue order.")
    static final class Show extends DatabaseCommand {

        @Override
        Object result(Database database, Settings settings) {
            return json(new RoutingRepository(database).settings());
        }
    }

    @Command(name = "set", mixinStandardHelpOptions = true,
            description = "Sets the routing method, the desk's limit of open chats per agent, the longest queue wait "
                    + "and/or the queue order; waiting chats are routed at once when the change lets agents serve them. "
                    + "Prints the settings.")
    static final class Set extends DatabaseCommand {

        @Option(names = "--method", converter = MethodConverter.class,
                description = "Manual_Selection, Auto_Selection, Load_Balancing or Load_Rotation.")
        private RoutingMethod method;

        @Option(names = "--max-chats", description = "The most open chats an agent serves at once (0: no limit), "
                + "unless its own limit says otherwise.")
        private Integer maxChats;

        @Option(names = "--max-queue-wait", description = "Minutes a chat may wait in a queue before the desk closes it "
                + "as abandoned (0: no limit; Rocket.Chat's Livechat_max_queue_wait_time).")
        private Integer maxQueueWait;

        @Option(names = "--sorting", converter = OrderConverter.class,
                description = "The order queues are worked in: Timestamp, Priority or SLAs.")
        private QueueOrder sorting;

        @Override
        Object result(Database database, Settings settings) {
            return json(new RoutingRepository(database).set(Optional.ofNullable(method), optional(maxChats),
                    optional(maxQueueWait), Optional.ofNullable(sorting)));
        }

        private static OptionalInt optional(Integer value) {
            return value == null ? OptionalInt.empty() : OptionalInt.of(value);
        }
    }

    @Command(name = "loads", mixinStandardHelpOptions = true,
            description = "Prints each agent's open chats against its capacity (null: no limit), as one JSON array.")
    static final class Loads extends DatabaseCommand {

        @Override
        Object result(Database database, Settings settings) {
            return new RoutingRepository(database).loads().stream().map(load -> JsonLines.object(
                    "_id", load.userId(), "username", load.username(), "statusLivechat", load.statusLivechat(),
                    "openChats", load.openChats(), "capacity", load.capacity().isPresent() ? load.capacity().getAsInt() : null,
                    "chatsRouted", load.chatsRouted(), "lastRoutedAt", load.lastRoutedAt().map(Object::toString).orElse(null)))
                    .toList();
        }
    }

    /** Reads a queue order by its name, as Rocket.Chat's setting writes it. */
    static final class OrderConverter implements ITypeConverter<QueueOrder> {
        @Override
        public QueueOrder convert(String value) {
            return QueueOrder.fromSettingValue(value).orElseThrow(() -> new TypeConversionException(
                    "must be Timestamp, Priority or SLAs, not \"" + value + "\""));
        }
    }

    /** Reads a routing method by its name, as Rocket.Chat's setting writes it. */
    static final class MethodConverter implements ITypeConverter<RoutingMethod> {
        @Override
        public RoutingMethod convert(String value) {
            return RoutingMethod.fromWireName(value).orElseThrow(() -> new TypeConversionException(
                    "must be Manual_Selection, Auto_Selection, Load_Balancing or Load_Rotation, not \"" + value + "\""));
        }
    }
}
