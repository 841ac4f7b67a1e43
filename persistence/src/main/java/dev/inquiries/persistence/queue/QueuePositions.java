package dev.inquiries.persistence.queue;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
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
 * room ({@code room.sql}), and the chats of the queues a batch of changes touched, from where each changed, for the
 * room streams ({@code positions.sql}). Both read V43's {@code queue_positions_from} (the first through V39's
 * {@code queue_positions}), the one definition of queue order for spots and of the estimate.
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

    /**
     * Where a queue changed, for {@link #rank}: the place (ts, as PostgreSQL wrote it, and id) of a chat that arrived in
     * it or left it; the chats before that place keep their spots. A null ts: the queue is ranked from its head.
     */
    record From(String queue, String ts, String inquiryId) {

        From {
            Objects.requireNonNull(queue, "queue");
        }

        /** The whole queue, from its head. */
        static From head(String queue) {
            return new From(queue, null, null);
        }
    }

    /** What the estimates of a queue's chats are made of (V39's queue_service): equal services, equal estimates. */
    record Service(int handled, Double handlingSeconds, int servers, int freeSlots) {
    }

    /** The positions a ranking read, and the service of each queue it ranked (one for each, with or without rows). */
    record Ranking(List<QueuePosition> positions, Map<String, Service> services) {
    }

    /**
     * The places of the queued chats of these queues, each from where it changed (V43's {@code queue_positions_from};
     * a queue asked for twice is ranked from its earlier place), in one statement.
     */
    static Ranking rank(Handle handle, Collection<From> from) {
        if (from.isEmpty()) {
            return new Ranking(List.of(), Map.of());
        }
        List<String> queues = new ArrayList<>(from.size());
        List<String> ts = new ArrayList<>(from.size());
        List<String> ids = new ArrayList<>(from.size());
        for (From place : from) {
            queues.add(place.queue());
            ts.add(place.ts());
            ids.add(place.ts() == null ? null : place.inquiryId());
        }
        List<QueuePosition> positions = new ArrayList<>();
        Map<String, Service> services = new HashMap<>();
        handle.createQuery(POSITIONS)
                .bindArray("departmentKeys", String.class, queues)
                .bindArray("fromTs", String.class, ts)
                .bindArray("fromIds", String.class, ids)
                .map((row, context) -> {
                    String queue = row.getString("department_key");
                    double seconds = row.getDouble("handling_seconds");
                    Double handlingSeconds = row.wasNull() ? null : seconds;
                    services.putIfAbsent(queue, new Service(row.getInt("handled"), handlingSeconds,
                            row.getInt("servers"), row.getInt("free_slots")));
                    return row.getString("inquiry_id") == null ? Optional.<QueuePosition>empty() : Optional.of(read(row));
                })
                .forEach(position -> position.ifPresent(positions::add));
        return new Ranking(positions, services);
    }

    private static QueuePosition read(ResultSet row) throws SQLException {
        long estimate = row.getLong("estimated_wait_seconds");
        OptionalLong estimated = row.wasNull() ? OptionalLong.empty() : OptionalLong.of(estimate);
        return new QueuePosition(row.getString("rid"), row.getString("department_key"), row.getLong("spot"), estimated);
    }
}
