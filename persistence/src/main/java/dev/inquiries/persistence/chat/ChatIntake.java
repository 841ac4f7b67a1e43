package dev.inquiries.persistence.chat;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.inquiries.domain.RandomIds;
import dev.inquiries.domain.visitor.ConfigRequest;
import dev.inquiries.domain.visitor.RoomRequest;
import dev.inquiries.domain.visitor.VisitorRefusal;
import dev.inquiries.persistence.Database;
import dev.inquiries.persistence.Gathering;
import dev.inquiries.persistence.PostgresText;
import dev.inquiries.persistence.Rows;
import dev.inquiries.persistence.SqlFiles;
import dev.inquiries.persistence.SqlStatement;
import dev.inquiries.persistence.StatementShape;
import dev.inquiries.persistence.ordering.OrderingColumns;
import dev.inquiries.persistence.queue.QueuePositions;

/**
 * The way a chat comes in and how its visitor ends it: {@code livechat/room} (the one place a room and its inquiry
 * are born, {@code enqueue.sql}), {@code livechat/room.close} ({@code close.sql}) and what {@code livechat/config}
 * reads. Every write names the visitor as the actor of its step on the chat's timeline.
 *
 * <p>A new chat enters the queue in {@link #open}; under an automatic routing method PostgreSQL gives it to an agent
 * in the same statement: inserted taken when an agent can take it at once and nobody waits in its queue (V52's
 * route_arrivals, before the INSERT), else inserted queued and routed in queue order by the INSERT's trigger (V36,
 * V51's one pass per queue). The room is read again in the same transaction to answer it as it is. The new chats of
 * requests that arrive together are opened by one statement in one transaction ({@link Gathering}): its triggers,
 * routing and commit are paid once for all of them.
 */
public final class ChatIntake {

    /** The comment of a chat its visitor closed, as Rocket.Chat's {@code Closed_by_visitor} reads in English. */
    public static final String CLOSED_BY_VISITOR = "Closed by visitor";

    private static final String ROOM = SqlFiles.of(ChatIntake.class, "room");
    private static final Map<String, String> PARTS = Map.of("visitor", VisitorRepository.VISITOR, "room", ROOM);
    private static final String FIND = SqlFiles.compose(SqlFiles.of(ChatIntake.class, "find"), PARTS);
    private static final String ENQUEUE = SqlFiles.of(ChatIntake.class, "enqueue");
    private static final String OPENED = SqlFiles.compose(SqlFiles.of(ChatIntake.class, "opened"), PARTS);
    private static final String CLOSE = SqlFiles.of(ChatIntake.class, "close");
    private static final String CONFIG = SqlFiles.of(ChatIntake.class, "config");

    /** Its statements, for the catalog ({@link dev.inquiries.persistence.Statements}). */
    public static List<StatementShape> statements() {
        return List.of(shape("find", FIND), shape("enqueue", ENQUEUE), shape("opened", OPENED), shape("close", CLOSE),
                shape("config", CONFIG));
    }

    private static StatementShape shape(String file, String sql) {
        return StatementShape.of(ChatIntake.class, file, "", new SqlStatement(sql, Map.of(), Map.of()));
    }

    /**
     * How often {@link #open} looks for the visitor's room and tries to open one at most: a concurrent request of the
     * same visitor may open it between the look and the try (this one then answers with that room), and that room
     * may be closed again before this one reads it.
     */
    private static final int ATTEMPTS = 4;

    /**
     * The most new chats one statement opens: the requests that arrive while one runs wait for the next, all in one
     * (bench/routing.sh's intake gathered 5-15 at a time with 32 clients; more only makes the one statement longer).
     */
    private static final int ARRIVALS_PER_STATEMENT = 64;

    private final Database database;
    private final boolean acceptWithoutAgents;
    private final long queueCap;
    private final QueuePositions positions;
    private final Gathering<Arrival, Optional<EnqueueRow>> arrivals = new Gathering<>(ARRIVALS_PER_STATEMENT,
            this::enqueueAll);

    /**
     * @param acceptWithoutAgents whether a chat comes in when no agent who could take it is on duty (Rocket.Chat's
     *                            {@code Livechat_accept_chats_with_no_agents})
     * @param queueCap            how many chats may wait in one department's queue before new ones are refused as
     *                            if no agent were online (0: no cap)
     */
    public ChatIntake(Database database, boolean acceptWithoutAgents, long queueCap) {
        this.database = database;
        this.acceptWithoutAgents = acceptWithoutAgents;
        this.queueCap = queueCap;
        this.positions = new QueuePositions(database);
    }

    /**
     * The visitor's chat, as {@code livechat/room} finds or opens it, in the contract's order: no visitor with the
     * token is {@code invalid-token}; a {@code rid} names an open room of the visitor or is {@code invalid-room}; the
     * visitor's open room is answered as it is; otherwise a new room and its inquiry are queued in the visitor's
     * department, unless nobody could take it ({@code no-agent-online}, nothing written), and routed at once
     * under an automatic method. A priority or SLA (by id or name) that names none is refused first, and nothing written.
     *
     * @throws dev.inquiries.domain.Refusal with a {@link VisitorRefusal}
     */
    public OpenedRoom open(RoomRequest request) {
        if (request.rid().isPresent()) {
            return new OpenedRoom(found(request.token(), request.rid().get()).room()
                    .orElseThrow(VisitorRefusal.INVALID_ROOM::refusal), false);
        }
        if (!PostgresText.canBeStored(request.token())) {
            throw VisitorRefusal.INVALID_TOKEN.refusal();
        }
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            // Tried first, as a new chat is the usual case: the statement opens none for a visitor with an open room.
            EnqueueRow row = enqueue(request).orElseThrow(VisitorRefusal.INVALID_TOKEN::refusal);
            if (row.room().isPresent()) {
                return new OpenedRoom(row.room().get(), true);
            }
            if (row.hadOpenRoom() || (row.priorityKnown() && row.slaKnown() && row.admitted())) {
                // The visitor's open room (or the one a concurrent request of the visitor opened first), as it is now.
                Optional<Room> open = found(request.token(), null).room();
                if (open.isPresent()) {
                    return new OpenedRoom(open.get(), false);
                }
                // Closed in between: try again.
                continue;
            }
            if (!row.priorityKnown()) {
                throw VisitorRefusal.INVALID_PRIORITY.refusal();
            }
            if (!row.slaKnown()) {
                throw VisitorRefusal.INVALID_SLA.refusal();
            }
            throw VisitorRefusal.NO_AGENT_ONLINE.refusal();
        }
        throw new IllegalStateException("The visitor's room could not be found or opened in " + ATTEMPTS + " attempts");
    }

    /**
     * The visitor of the token closes its room, queued or served: {@code invalid-token}, {@code invalid-room} (no
     * room of the visitor with that id) and {@code room-closed} (closed already, or by a concurrent close that won)
     * otherwise. The chat leaves every queue and stream ({@code removed}), with the visitor as the actor of its
     * {@code closed} step and {@link #CLOSED_BY_VISITOR} as its comment.
     *
     * @return the comment the chat was closed with
     * @throws dev.inquiries.domain.Refusal with a {@link VisitorRefusal}
     */
    public String closeByVisitor(String token, String rid) {
        if (!PostgresText.canBeStored(token)) {
            throw VisitorRefusal.INVALID_TOKEN.refusal();
        }
        if (!PostgresText.canBeStored(rid)) {
            rid = "";
        }
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("token", token);
        parameters.put("rid", rid);
        parameters.put("comment", CLOSED_BY_VISITOR);
        // A transaction of its own, run again when PostgreSQL aborts it for a deadlock: the close routes the queues of
        // the agent it frees (V36), and two routings may hold agents in opposite orders.
        CloseRow row = database.inTransaction(handle -> PostgresText.bind(handle.createQuery(CLOSE), parameters)
                .map((result, context) -> new CloseRow(result.getBoolean("visitor_found"),
                        result.getBoolean("room_found"), result.getBoolean("closed")))
                .one());
        if (!row.visitorFound()) {
            throw VisitorRefusal.INVALID_TOKEN.refusal();
        }
        if (!row.roomFound()) {
            throw VisitorRefusal.INVALID_ROOM.refusal();
        }
        if (!row.closed()) {
            throw VisitorRefusal.ROOM_CLOSED.refusal();
        }
        return CLOSED_BY_VISITOR;
    }

    /**
     * What {@code livechat/config} answers: whether a chat could come in (in the department when one is named), the
     * departments a visitor may choose (of the unit, when one is named), and, for a token of a visitor, that visitor
     * and its open room.
     */
    public WidgetConfig config(ConfigRequest request) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("acceptWithoutAgents", acceptWithoutAgents);
        parameters.put("department", request.department().map(PostgresText::comparable).orElse(null));
        parameters.put("unit", request.businessUnit().map(PostgresText::comparable).orElse(null));
        List<ConfigRow> rows = database.withHandle(handle -> PostgresText.bind(handle.createQuery(CONFIG), parameters)
                .map((result, context) -> new ConfigRow(result.getBoolean("online"), result.getString("id") == null
                        ? Optional.empty()
                        : Optional.of(new WidgetConfig.Department(result.getString("id"), result.getString("name")))))
                .list());
        List<WidgetConfig.Department> departments = new ArrayList<>();
        rows.forEach(row -> row.department().ifPresent(departments::add));
        Optional<Found> found = request.token().filter(PostgresText::canBeStored).flatMap(token -> find(token, null));
        Optional<Room> room = found.flatMap(Found::room);
        return new WidgetConfig(rows.getFirst().online(), departments, found.map(Found::visitor), room,
                room.filter(open -> open.open() && open.servedBy().isEmpty()).flatMap(open -> positions.ofRoom(open.rid())));
    }

    /**
     * The open room {@code rid} of the visitor of the token, as {@code room.stream} checks it before its stream
     * starts: {@code invalid-token} when no visitor has the token, {@code invalid-room} when it has no such open room.
     *
     * @throws dev.inquiries.domain.Refusal with a {@link VisitorRefusal}
     */
    public Room openRoom(String token, String rid) {
        return found(token, rid).room().orElseThrow(VisitorRefusal.INVALID_ROOM::refusal);
    }

    /** The visitor of the token and its open room ({@code rid}, when given); {@code invalid-token} without one. */
    private Found found(String token, String rid) {
        if (!PostgresText.canBeStored(token)) {
            throw VisitorRefusal.INVALID_TOKEN.refusal();
        }
        return find(token, rid == null ? null : PostgresText.comparable(rid))
                .orElseThrow(VisitorRefusal.INVALID_TOKEN::refusal);
    }

    private Optional<Found> find(String token, String rid) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("token", token);
        parameters.put("rid", rid);
        return database.withHandle(handle -> PostgresText.bind(handle.createQuery(FIND), parameters)
                .map((row, context) -> new Found(VisitorRepository.readVisitor(row).orElseThrow(), readRoom(row)))
                .findOne());
    }

    /**
     * Opens the chat of the token's visitor with those of the other requests arriving meanwhile ({@link #arrivals}):
     * empty when no visitor has the token.
     */
    private Optional<EnqueueRow> enqueue(RoomRequest request) {
        return arrivals.call(new Arrival(request.token(), request.agentId().map(PostgresText::comparable).orElse(null),
                request.priority().map(PostgresText::comparable).orElse(null),
                request.sla().map(PostgresText::comparable).orElse(null)));
    }

    /**
     * One statement and one transaction for the arrivals ({@code enqueue.sql}), then the rooms it opened read again
     * in that transaction ({@code opened.sql}): its RETURNING names the rooms only, and those inserted queued its
     * trigger may have routed since. One result per arrival, in order.
     */
    private List<Optional<EnqueueRow>> enqueueAll(List<Arrival> batch) {
        List<String> inquiryIds = batch.stream().map(arrival -> RandomIds.next()).toList();
        List<String> rids = batch.stream().map(arrival -> RandomIds.next()).toList();
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("acceptWithoutAgents", acceptWithoutAgents);
        parameters.put("queueCap", queueCap);
        return database.inTransaction(handle -> {
            Map<Integer, ArrivalRow> rows = new HashMap<>();
            PostgresText.bind(handle.createQuery(ENQUEUE), parameters)
                    .bindArray("tokens", String.class, batch.stream().map(Arrival::token).toList())
                    .bindArray("agentIds", String.class, batch.stream().map(Arrival::agentId).toList())
                    .bindArray("priorities", String.class, batch.stream().map(Arrival::priority).toList())
                    .bindArray("slas", String.class, batch.stream().map(Arrival::sla).toList())
                    .bindArray("inquiryIds", String.class, inquiryIds)
                    .bindArray("rids", String.class, rids)
                    .map((row, context) -> new ArrivalRow(row.getInt("n"), row.getBoolean("had_open_room"),
                            row.getBoolean("admitted"), row.getBoolean("priority_known"), row.getBoolean("sla_known"),
                            Optional.ofNullable(row.getString("rid"))))
                    .forEach(row -> rows.put(row.n(), row));
            List<String> opened = rows.values().stream().flatMap(row -> row.rid().stream()).toList();
            Map<String, Room> rooms = new HashMap<>();
            if (!opened.isEmpty()) {
                handle.createQuery(OPENED)
                        .bindArray("rids", String.class, opened)
                        .map((row, context) -> readRoom(row).orElseThrow())
                        .forEach(room -> rooms.put(room.rid(), room));
            }
            List<Optional<EnqueueRow>> results = new ArrayList<>(batch.size());
            for (int n = 1; n <= batch.size(); n++) {
                // No row: no visitor has the token.
                results.add(Optional.ofNullable(rows.get(n)).map(row -> new EnqueueRow(row.hadOpenRoom(),
                        row.admitted(), row.priorityKnown(), row.slaKnown(), row.rid().map(rooms::get))));
            }
            return results;
        });
    }

    /** The room in a row's room.sql and visitor.sql columns, or empty when the row has none. */
    private static Optional<Room> readRoom(ResultSet row) throws SQLException {
        String rid = row.getString("rid");
        if (rid == null) {
            return Optional.empty();
        }
        Optional<Instant> takenAt = VisitorRepository.instant(row, "taken_at");
        String takenBy = row.getString("taken_by");
        String takenByUsername = row.getString("taken_by_username");
        Optional<Room.ServedBy> servedBy = "taken".equals(row.getString("status")) && takenAt.isPresent()
                && takenBy != null && takenByUsername != null
                ? Optional.of(new Room.ServedBy(takenBy, takenByUsername, takenAt.get()))
                : Optional.empty();
        return Optional.of(new Room(rid, text(row, "inquiry_id"), text(row, "fname"),
                VisitorRepository.instant(row, "ts").orElseThrow(),
                Optional.ofNullable(row.getString("department_id")),
                Rows.visitor(row),
                servedBy, VisitorRepository.instant(row, "queued_at"),
                VisitorRepository.instant(row, "updated_at").orElseThrow(),
                VisitorRepository.instant(row, "closed_at"), Optional.ofNullable(row.getString("closer")),
                OrderingColumns.read(row)));
    }

    private static String text(ResultSet row, String column) throws SQLException {
        return row.getString(column);
    }

    /** A new chat to open: its visitor's token, and the default agent, priority and SLA its request names (or null). */
    private record Arrival(String token, String agentId, String priority, String sla) {
    }

    /** A row of {@link #ENQUEUE}: the arrival's place (from 1), what the statement decided, the room it opened. */
    private record ArrivalRow(int n, boolean hadOpenRoom, boolean admitted, boolean priorityKnown, boolean slaKnown, Optional<String> rid) {
    }

    /** The visitor of a token and its open room, if it has one. */
    private record Found(Visitor visitor, Optional<Room> room) {
    }

    /**
     * What {@link #ENQUEUE} did for one arrival: whether its visitor had an open room already, whether the chat could
     * come in, whether its priority and SLA name one (or none was asked for), and its room if the statement opened it.
     */
    private record EnqueueRow(boolean hadOpenRoom, boolean admitted, boolean priorityKnown, boolean slaKnown,
                              Optional<Room> room) {
    }

    /** The row of {@link #CLOSE}: what the statement found and whether it closed the room. */
    private record CloseRow(boolean visitorFound, boolean roomFound, boolean closed) {
    }

    /** A row of {@link #CONFIG}: online, and one department a visitor may choose, if there is any. */
    private record ConfigRow(boolean online, Optional<WidgetConfig.Department> department) {
    }
}
