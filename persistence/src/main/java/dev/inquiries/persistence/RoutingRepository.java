package dev.inquiries.persistence;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

import dev.inquiries.domain.LivechatStatus;
import dev.inquiries.domain.QueueOrder;
import dev.inquiries.domain.RoutingMethod;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * The desk's routing settings and the limits of open chats (V36): the routing method and the desk's limit per agent
 * (one row of {@code desk_settings}), each agent's own limit and each department's, and every agent's load against its
 * capacity. Routing itself is PostgreSQL's: V36's triggers route the affected queues in whatever statement changes
 * them, these included, and refuse any statement that would have an agent serve beyond its capacity.
 */
public final class RoutingRepository {

    /** This class's statements, each in the {@code .sql} file of its name beside it. */
    private enum Sql { SETTINGS, SET_SETTINGS, SET_AGENT_LIMIT, SET_DEPARTMENT_LIMIT, LOADS, DESK_LOADS }

    private static final Map<Sql, String> SQL = SqlFiles.all(RoutingRepository.class, Sql.class);

    private static final RowMapper<RoutingSettings> SETTINGS_ROW = (row, context) -> new RoutingSettings(
            RoutingMethod.fromWireName(row.getString("routing_method")).orElseThrow(),
            row.getInt("max_chats_per_agent"), row.getInt("max_queue_wait_minutes"),
            QueueOrder.fromSettingValue(row.getString("sorting_mechanism")).orElseThrow());

    private static final RowMapper<AgentLoad> LOAD_ROW = (row, context) -> new AgentLoad(
            row.getString("user_id"), row.getString("username"), row.getString("status_livechat"),
            row.getLong("open_chats"),
            row.getObject("capacity") == null ? OptionalInt.empty() : OptionalInt.of(row.getInt("capacity")),
            row.getLong("chats_routed"),
            Optional.ofNullable(row.getObject("last_routed_at", OffsetDateTime.class)).map(OffsetDateTime::toInstant));

    /** A row of {@code desk_loads.sql}: the method, and an agent unless the viewer sees none. */
    private static final RowMapper<DeskRow> DESK_ROW = (row, context) -> new DeskRow(
            RoutingMethod.fromWireName(row.getString("routing_method")).orElseThrow(),
            row.getString("user_id") == null ? Optional.empty() : Optional.of(new AgentOnDesk(
                    row.getString("user_id"), row.getString("username"), Optional.ofNullable(row.getString("name")),
                    LivechatStatus.fromWireName(row.getString("status_livechat")).orElseThrow(),
                    row.getLong("open_chats"),
                    row.getObject("capacity") == null ? OptionalInt.empty() : OptionalInt.of(row.getInt("capacity")),
                    departments((String[]) row.getArray("department_ids").getArray(),
                            (String[]) row.getArray("department_names").getArray()))));

    /** Its statements, for the catalog ({@link Statements}). */
    static List<StatementShape> statements() {
        return SqlFiles.shapes(RoutingRepository.class, SQL, Set.of());
    }

    private final Database database;

    public RoutingRepository(Database database) {
        this.database = database;
    }

    /** The desk's routing settings. */
    public RoutingSettings settings() {
        return database.withHandle(handle -> handle.createQuery(SQL.get(Sql.SETTINGS)).map(SETTINGS_ROW).one());
    }

    /**
     * Changes the routing method and the desk's limit per agent (empty: as it is); the queues are routed again in the
     * same transaction when the change lets waiting chats be served.
     */
    public RoutingSettings set(Optional<RoutingMethod> method, OptionalInt maxChatsPerAgent) {
        return set(method, maxChatsPerAgent, OptionalInt.empty(), Optional.empty());
    }

    /**
     * Changes the routing method, the desk's limit per agent, the longest a chat may wait in a queue before the desk
     * closes it (minutes, 0: no limit) and the queue order; empty: as it is.
     */
    public RoutingSettings set(Optional<RoutingMethod> method, OptionalInt maxChatsPerAgent, OptionalInt maxQueueWaitMinutes,
                               Optional<QueueOrder> order) {
        requireLimit(maxChatsPerAgent);
        requireLimit(maxQueueWaitMinutes);
        return database.inTransaction(handle -> handle.createQuery(SQL.get(Sql.SET_SETTINGS))
                .bind("method", method.map(RoutingMethod::wireName).orElse(null))
                .bind("maxChats", maxChatsPerAgent.isPresent() ? maxChatsPerAgent.getAsInt() : null)
                .bind("maxQueueWait", maxQueueWaitMinutes.isPresent() ? maxQueueWaitMinutes.getAsInt() : null)
                .bind("sorting", order.map(QueueOrder::wireName).orElse(null))
                .map(SETTINGS_ROW)
                .one());
    }

    /**
     * Sets the agent's own limit of open chats (0: the desk's applies).
     *
     * @throws RequestRefusedException when there is no such user, or it is not an agent
     */
    public int setAgentLimit(String username, int maxChats) {
        requireLimit(OptionalInt.of(maxChats));
        return database.inTransaction(handle -> handle.createQuery(SQL.get(Sql.SET_AGENT_LIMIT))
                .bind("username", username)
                .bind("maxChats", maxChats)
                .map((row, context) -> row.getInt("livechat_max_chats"))
                .findOne()
                .orElseThrow(() -> new RequestRefusedException("\"" + username + "\" is not an agent")));
    }

    /**
     * Sets the department's (by id or name) limit of open chats per agent (0: none).
     *
     * @throws RequestRefusedException when there is no such department
     */
    public DepartmentLimit setDepartmentLimit(String department, int maxChats) {
        requireLimit(OptionalInt.of(maxChats));
        return database.inTransaction(handle -> handle.createQuery(SQL.get(Sql.SET_DEPARTMENT_LIMIT))
                .bind("department", PostgresText.comparable(department))
                .bind("maxChats", maxChats)
                .map((row, context) -> new DepartmentLimit(row.getString("id"), row.getString("name"),
                        row.getInt("max_chats")))
                .findOne()
                .orElseThrow(() -> new RequestRefusedException("There is no department \"" + department + "\"")));
    }

    /** Every agent's load against its capacity, by username. */
    public List<AgentLoad> loads() {
        return database.withHandle(handle -> handle.createQuery(SQL.get(Sql.LOADS)).map(LOAD_ROW).list());
    }

    /**
     * The desk as its managers watch it: the routing method and every agent's load against its capacity with its
     * departments, by username, in one statement (one snapshot). A restricted monitor sees only the agents of the
     * departments it sees, and of their departments only those; anyone else sees every agent.
     *
     * @param viewerId the user who asks
     */
    public DeskLoads deskLoads(String viewerId) {
        List<DeskRow> rows = database.withHandle(handle -> handle.createQuery(SQL.get(Sql.DESK_LOADS))
                .bind("viewerId", viewerId)
                .map(DESK_ROW)
                .list());
        return new DeskLoads(rows.getFirst().method(), rows.stream().flatMap(row -> row.agent().stream()).toList());
    }

    private static List<DepartmentOfAgent> departments(String[] ids, String[] names) {
        List<DepartmentOfAgent> departments = new ArrayList<>(ids.length);
        for (int i = 0; i < ids.length; i++) {
            departments.add(new DepartmentOfAgent(ids[i], names[i]));
        }
        return List.copyOf(departments);
    }

    private static void requireLimit(OptionalInt maxChats) {
        if (maxChats.isPresent() && maxChats.getAsInt() < 0) {
            throw new RequestRefusedException("A limit is 0 (none) or more, not " + maxChats.getAsInt());
        }
    }

    /**
     * The desk's routing method, its limit of open chats per agent (0: none), the longest a chat waits in a queue
     * before the desk closes it (minutes, 0: no limit; Rocket.Chat's {@code Livechat_max_queue_wait_time}) and the
     * order queues are worked in.
     */
    public record RoutingSettings(RoutingMethod method, int maxChatsPerAgent, int maxQueueWaitMinutes, QueueOrder order) {
    }

    /** A department's limit of open chats per agent (0: none). */
    public record DepartmentLimit(String id, String name, int maxChats) {
    }

    /** The desk as {@link #deskLoads} reads it: the routing method and the agents the viewer sees, by username. */
    public record DeskLoads(RoutingMethod method, List<AgentOnDesk> agents) {
    }

    /**
     * An agent as the managers' page shows it.
     *
     * @param id             the user's id
     * @param username       its unique name
     * @param name           its display name, if it has one
     * @param statusLivechat whether it takes chats
     * @param openChats      the chats it serves now
     * @param capacity       the most it may serve at once (its own limit, else the desk's); empty: no limit
     * @param departments    its enabled departments the viewer sees, by name
     */
    public record AgentOnDesk(String id, String username, Optional<String> name, LivechatStatus statusLivechat,
                              long openChats, OptionalInt capacity, List<DepartmentOfAgent> departments) {
    }

    /** A department an agent belongs to: its id and name. */
    public record DepartmentOfAgent(String id, String name) {
    }

    private record DeskRow(RoutingMethod method, Optional<AgentOnDesk> agent) {
    }

    /**
     * An agent's load: the open chats it serves, its capacity (empty: no limit), how many chats routing gave it and
     * when last.
     */
    public record AgentLoad(String userId, String username, String statusLivechat, long openChats, OptionalInt capacity,
                            long chatsRouted, Optional<Instant> lastRoutedAt) {
    }
}
