package dev.inquiries.persistence.chat;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Optional;
import java.util.function.Function;

import dev.inquiries.domain.InvalidParametersException;
import dev.inquiries.domain.Permission;
import dev.inquiries.domain.moves.CloseRequest;
import dev.inquiries.domain.moves.ForwardRequest;
import dev.inquiries.domain.moves.MoveRefusal;
import dev.inquiries.domain.moves.ReturnRequest;
import dev.inquiries.persistence.Database;
import dev.inquiries.persistence.PostgresText;
import dev.inquiries.persistence.SqlFiles;
import dev.inquiries.persistence.StatementShape;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Moving and ending a chat after a take: a user closing it ({@code room.closeByUser}), putting it back in the queue
 * ({@code inquiries.returnAsInquiry}) and forwarding it to an agent or a department ({@code room.forward}). Each move
 * is one conditional UPDATE whose WHERE holds every rule of the move, the caller's right included, so that PostgreSQL
 * re-checks them on the row's newest version: of concurrent moves of one room each one either applies to the state
 * the others left or is refused for it, and the timeline (V32's chat_events, written by triggers) records only the
 * moves that applied, each with its actor, which the transaction names first.
 *
 * <p>The statement also reads the room as its snapshot has it, to tell the contract's refusals apart. When the
 * snapshot allowed the move and yet the UPDATE changed nothing, a concurrent move committed first and changed the room
 * under it; the statement runs again on a fresh snapshot (READ COMMITTED gives each statement its own), and either
 * applies to the new state or answers the refusal that state earns.
 */
public final class ChatMoves {

    /** Runs of one move's statement before giving up: each lost run means another move committed meanwhile. */
    private static final int MAX_RUNS = 8;

    private enum Sql {
        CLOSE, RETURN_TO_QUEUE, FORWARD_TO_AGENT, FORWARD_TO_DEPARTMENT
    }

    private static final Map<String, String> PARTS = Map.of(
            "target", SqlFiles.of(ChatMoves.class, "target"),
            "oversees", SqlFiles.of(ChatMoves.class, "oversees"));

    private static final Map<Sql, String> SQL = composed();

    /** Its statements, for the catalog ({@link dev.inquiries.persistence.Statements}). */
    public static List<StatementShape> statements() {
        return SqlFiles.shapes(ChatMoves.class, SQL, Set.of());
    }

    private final Database database;

    /**
     * The moves on this database. A chat that re-enters a queue (returned, forwarded to a department) is routed by
     * PostgreSQL in the move's own statement under an automatic routing method (V36's triggers), so it is assigned
     * with the move or not at all.
     */
    public ChatMoves(Database database) {
        this.database = database;
    }

    /**
     * Closes the room for the caller: it must serve the room or hold close-others-livechat-room (a restricted monitor
     * within its departments), and give a comment when one is required.
     *
     * @throws dev.inquiries.domain.Refusal with a {@link MoveRefusal}: error-invalid-room, error-room-already-closed,
     *                                      error-not-authorized, error-comment-is-required, in that order
     */
    public void close(String callerId, CloseRequest request, boolean commentRequired) {
        requireStorable("comment", request.comment().stream().toList());
        requireStorable("tags", request.tags());
        boolean commentMissing = commentRequired && request.comment().isEmpty();
        Map<String, Object> parameters = parameters(callerId, request.rid(), Permission.CLOSE_OTHERS_LIVECHAT_ROOM);
        parameters.put("comment", request.comment().orElse(null));
        parameters.put("tags", request.tags().isEmpty() ? null : request.tags().toArray(String[]::new));
        parameters.put("commentMissing", commentMissing);
        move(callerId, Sql.CLOSE, parameters, row -> {
            row.refuseRoom(MoveRefusal.INVALID_ROOM, MoveRefusal.ROOM_ALREADY_CLOSED);
            if (commentMissing) {
                throw MoveRefusal.COMMENT_REQUIRED.refusal();
            }
            return Optional.empty();
        });
    }

    /**
     * Puts the served room back in the queue (of the department given, if any): the caller must serve it or hold
     * view-livechat-manager (a restricted monitor within its departments).
     *
     * @return whether it went back; false when nobody served it
     * @throws dev.inquiries.domain.Refusal with a {@link MoveRefusal}: error-room-not-found, room-closed,
     *                                      error-not-authorized, then (for a served room) error-invalid-department
     */
    public boolean returnToQueue(String callerId, ReturnRequest request) {
        Map<String, Object> parameters = parameters(callerId, request.roomId(), Permission.VIEW_LIVECHAT_MANAGER);
        parameters.put("departmentId", request.departmentId().map(PostgresText::comparable).orElse(null));
        return move(callerId, Sql.RETURN_TO_QUEUE, parameters, row -> {
            row.refuseRoom(MoveRefusal.ROOM_NOT_FOUND, MoveRefusal.ROOM_CLOSED);
            if (!row.served()) {
                return Optional.of(false);
            }
            if (!row.targetKnown()) {
                throw MoveRefusal.INVALID_DEPARTMENT.refusal();
            }
            return Optional.empty();
        }).orElse(true);
    }

    /**
     * Forwards the open room to an agent (who takes it) or to a department's queue; the caller must serve it or hold
     * transfer-livechat-guest (a restricted monitor: rooms of its departments; any other room is not there for it).
     *
     * @throws dev.inquiries.domain.Refusal with a {@link MoveRefusal}: error-invalid-room,
     *                                      This_conversation_is_already_closed, then to an agent
     *                                      error-selected-agent-room-agent-are-same, error-user-is-offline, to a
     *                                      department error-invalid-department, error-forwarding-chat-same-department,
     *                                      to neither error-forwarding-chat
     */
    public void forward(String callerId, ForwardRequest request) {
        Map<String, Object> parameters = parameters(callerId, request.roomId(), Permission.TRANSFER_LIVECHAT_GUEST);
        switch (request.target()) {
            case ForwardRequest.ToAgent toAgent -> {
                parameters.put("agentId", PostgresText.comparable(toAgent.userId()));
                move(callerId, Sql.FORWARD_TO_AGENT, parameters, row -> {
                    row.refuseRoom(MoveRefusal.INVALID_ROOM, MoveRefusal.CONVERSATION_CLOSED);
                    if (row.sameTarget()) {
                        throw MoveRefusal.SAME_AGENT.refusal();
                    }
                    if (!row.targetKnown()) {
                        throw MoveRefusal.USER_OFFLINE.refusal();
                    }
                    return Optional.empty();
                });
            }
            case ForwardRequest.Nowhere nowhere -> {
                // The department statement with a target that is never a department: nothing moves, and the room's
                // own refusals come first, as in Rocket.Chat, whose transfer fails only after them.
                parameters.put("departmentId", "");
                move(callerId, Sql.FORWARD_TO_DEPARTMENT, parameters, row -> {
                    row.refuseRoom(MoveRefusal.INVALID_ROOM, MoveRefusal.CONVERSATION_CLOSED);
                    throw MoveRefusal.FORWARDING_FAILED.refusal();
                });
            }
            case ForwardRequest.ToDepartment toDepartment -> {
                parameters.put("departmentId", PostgresText.comparable(toDepartment.departmentId()));
                move(callerId, Sql.FORWARD_TO_DEPARTMENT, parameters, row -> {
                    row.refuseRoom(MoveRefusal.INVALID_ROOM, MoveRefusal.CONVERSATION_CLOSED);
                    if (!row.targetKnown()) {
                        throw MoveRefusal.INVALID_DEPARTMENT.refusal();
                    }
                    if (row.sameTarget()) {
                        throw MoveRefusal.SAME_DEPARTMENT.refusal();
                    }
                    return Optional.empty();
                });
            }
        }
    }

    /**
     * Runs a move's statement in one transaction that names the caller as the actor of its steps: done when it moved
     * the room; otherwise {@code refuse} answers from what the statement saw (throwing the refusal, or giving the
     * outcome of a move there is nothing to do for), and when the snapshot allowed the move, the statement runs again.
     * A move that would have an agent serve more chats than its capacity (PostgreSQL's rule, V36) is refused with
     * error-max-number-simultaneous-chats-reached.
     */
    private <T> Optional<T> move(String callerId, Sql sql, Map<String, Object> parameters,
                                 Function<MoveRow, Optional<T>> refuse) {
        try {
            return runMove(callerId, sql, parameters, refuse);
        } catch (RuntimeException failure) {
            if (Database.exceedsCapacity(failure)) {
                throw MoveRefusal.MAX_CHATS_REACHED.refusal();
            }
            throw failure;
        }
    }

    private <T> Optional<T> runMove(String callerId, Sql sql, Map<String, Object> parameters,
                                    Function<MoveRow, Optional<T>> refuse) {
        return database.inTransaction(handle -> {
            handle.createQuery("SELECT set_config('inquiries.actor', :actor, true)").bind("actor", callerId)
                    .mapTo(String.class).one();
            for (int run = 1; run <= MAX_RUNS; run++) {
                MoveRow row = handle.createQuery(SQL.get(sql)).bindMap(parameters).map(MoveRow::map).one();
                if (row.moved()) {
                    return Optional.<T>empty();
                }
                Optional<T> outcome = refuse.apply(row);
                if (outcome.isPresent()) {
                    return outcome;
                }
            }
            throw new IllegalStateException("The room kept changing under " + sql + " for " + MAX_RUNS + " runs");
        });
    }

    private static Map<String, Object> parameters(String callerId, String roomId, Permission oversight) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("callerId", callerId);
        parameters.put("rid", PostgresText.comparable(roomId));
        parameters.put("oversight", oversight.id());
        return parameters;
    }

    private static void requireStorable(String name, List<String> texts) {
        if (!texts.stream().allMatch(PostgresText::canBeStored)) {
            throw new InvalidParametersException(name + " must not contain NUL characters");
        }
    }

    private static Map<Sql, String> composed() {
        Map<Sql, String> statements = new EnumMap<>(Sql.class);
        SqlFiles.all(ChatMoves.class, Sql.class).forEach((name, text) -> statements.put(name, SqlFiles.compose(text, PARTS)));
        return Collections.unmodifiableMap(statements);
    }

    /** What a move's statement saw of the room, and whether it moved it. */
    private record MoveRow(boolean found, boolean closed, boolean authorized, boolean served, boolean targetKnown,
                           boolean sameTarget, boolean moved) {

        static MoveRow map(ResultSet row, StatementContext context) throws SQLException {
            return new MoveRow(row.getBoolean("found"), row.getBoolean("closed"), row.getBoolean("authorized"),
                    row.getBoolean("served"), row.getBoolean("target_known"), row.getBoolean("same_target"),
                    row.getLong("moved") > 0);
        }

        /**
         * The room's own refusals, which every move answers first and in this order: no room the caller may see
         * ({@code missing}), a closed room ({@code closed}), a room the caller neither serves nor may move. Each move
         * names its own codes for the first two, as Rocket.Chat's endpoints do; the forwards' statements always find
         * the caller authorized, since their WHERE leaves any other room unseen.
         */
        void refuseRoom(MoveRefusal missing, MoveRefusal closed) {
            if (!found) {
                throw missing.refusal();
            }
            if (this.closed) {
                throw closed.refusal();
            }
            if (!authorized) {
                throw MoveRefusal.NOT_AUTHORIZED.refusal();
            }
        }
    }
}
