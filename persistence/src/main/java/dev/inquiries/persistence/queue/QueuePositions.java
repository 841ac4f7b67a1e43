package dev.inquiries.persistence.queue;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

import dev.inquiries.persistence.Database;
import dev.inquiries.persistence.PostgresText;
import dev.inquiries.persistence.SqlFiles;
import dev.inquiries.persistence.SqlStatement;
import dev.inquiries.persistence.StatementShape;
import org.jdbi.v3.core.Handle;

/**
 * Where queued chats stand in their queues, for their visitors: {@code livechat/config}'s {@code queueInfo} for one
 * room ({@code room.sql}), and every chat of the queues a batch of changes touched for the room streams
 * ({@code positions.sql}). Both read V39's {@code queue_positions}, the one definition of queue order for spots and
 * of the estimate.
 */
public final class QueuePositions {

    private static final String POSITIONS = SqlFiles.of(QueuePositions.class, "positions");
    private static final String ROOM = SqlFiles.of(QueuePositions.class, "room");

    private final Database database;

    public QueuePositions(Database database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    /** Its statements, for the catalog ({@link dev.inquiries.persistence.Statements}). */
    static List<StatementShape> statements() {
        return List.of(shape("positions", POSITIONS), shape("room", ROOM));
    }

    private static StatementShape shape(String file, String sql) {
        return StatementShape.of(QueuePositions.class, file, "", new SqlStatement(sql, Map.of(), Map.of()));
    }

    /** The place of the room's chat while it is queued; empty otherwise (served, closed, or no such room). */
    public Optional<QueuePosition> ofRoom(String rid) {
        if (!PostgresText.canBeStored(rid)) {
            return Optional.empty();
        }
        return database.withHandle(handle -> handle.createQuery(ROOM)
                .bind("rid", rid)
                .map((row, context) -> read(row))
                .findOne());
    }

    /** The places of every queued chat of these queues (department ids, "" for chats without one), in one statement. */
    static List<QueuePosition> ofQueues(Handle handle, Collection<String> queues) {
        if (queues.isEmpty()) {
            return List.of();
        }
        return handle.createQuery(POSITIONS)
                .bindArray("departmentKeys", String.class, List.copyOf(queues))
                .map((row, context) -> read(row))
                .list();
    }

    private static QueuePosition read(ResultSet row) throws SQLException {
        long estimate = row.getLong("estimated_wait_seconds");
        OptionalLong estimated = row.wasNull() ? OptionalLong.empty() : OptionalLong.of(estimate);
        return new QueuePosition(row.getString("rid"), row.getString("department_key"), row.getLong("spot"), estimated);
    }
}
