package dev.inquiries.persistence.chat;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.inquiries.domain.moves.RoomListRequest;
import dev.inquiries.domain.moves.RoomSortField;
import dev.inquiries.domain.moves.TimeRange;
import dev.inquiries.persistence.Database;
import dev.inquiries.persistence.ListSort;
import dev.inquiries.persistence.PageRows;
import dev.inquiries.persistence.PostgresText;
import dev.inquiries.persistence.Rows;
import dev.inquiries.persistence.SqlFiles;
import dev.inquiries.persistence.SqlStatement;
import dev.inquiries.persistence.StatementShape;
import dev.inquiries.persistence.ordering.OrderingColumns;

/**
 * The rooms list ({@code GET /api/v1/livechat/rooms}): a page of rooms and its total in one statement, filtered as the
 * request says and as the caller may see: every room (a restricted monitor: of its departments), or for an agent
 * only the rooms it serves. The order is the generic {@link ListSort} over the room's columns.
 */
public final class RoomList {

    private static final ListSort<RoomSortField> SORT = ListSort.of(RoomSortField.class, RoomSortField.ID)
            .column(RoomSortField.ID, "rid", ListSort.Kind.TEXT)
            .column(RoomSortField.TS, "ts", ListSort.Kind.PLAIN)
            .column(RoomSortField.CLOSED_AT, "closed_at", ListSort.Kind.NULLABLE)
            .column(RoomSortField.FNAME, "name", ListSort.Kind.TEXT)
            .build();

    private static final String PAGE = SqlFiles.compose(SqlFiles.of(RoomList.class, "page"),
            Map.of("filter", SqlFiles.of(RoomList.class, "filter")), "pageOrder", "rowOrder");

    private final Database database;

    /** Its statement in the default order, for the catalog ({@link dev.inquiries.persistence.Statements}). */
    public static List<StatementShape> statements() {
        return List.of(StatementShape.of(RoomList.class, "page", "default order", new SqlStatement(PAGE,
                SORT.pageOrders(RoomListRequest.DEFAULT_SORT, "i."), Map.of())));
    }

    public RoomList(Database database) {
        this.database = database;
    }

    /**
     * The page the request asks for, as the viewer may see it.
     *
     * @param viewerId   the caller (a restricted monitor sees only its departments' rooms)
     * @param onlyServed whether the caller sees only the rooms it serves (an agent without view-livechat-rooms)
     */
    public RoomPage page(String viewerId, boolean onlyServed, RoomListRequest request) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("viewerId", viewerId);
        parameters.put("servedBy", onlyServed ? viewerId : null);
        parameters.put("departmentId", request.departmentId().map(PostgresText::comparable).orElse(null));
        parameters.put("open", request.open().orElse(null));
        parameters.put("agents", request.agents().isEmpty() ? null
                : request.agents().stream().map(PostgresText::comparable).toArray(String[]::new));
        parameters.put("createdFrom", request.createdAt().flatMap(TimeRange::start).map(RoomList::utc).orElse(null));
        parameters.put("createdTo", request.createdAt().flatMap(TimeRange::end).map(RoomList::utc).orElse(null));
        parameters.put("closedFrom", request.closedAt().flatMap(TimeRange::start).map(RoomList::utc).orElse(null));
        parameters.put("closedTo", request.closedAt().flatMap(TimeRange::end).map(RoomList::utc).orElse(null));
        PageRows.putPage(parameters, request.page());
        SqlStatement page = new SqlStatement(PAGE, SORT.pageOrders(request.sort(), "i."), parameters);
        PageRows.Page<Room> rows = database.withHandle(handle -> PageRows.read(page.query(handle), "rid", RoomList::room));
        return new RoomPage(rows.items(), request.page().offset(), rows.total());
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    /** The room of a row of {@code page.sql}. */
    private static Room room(ResultSet row) throws SQLException {
        Optional<Instant> takenAt = instant(row, "taken_at");
        String takenBy = row.getString("taken_by");
        String takenByName = row.getString("taken_by_username");
        // For a closed room, who served it last.
        Optional<Room.ServedBy> servedBy = takenBy == null || takenByName == null || takenAt.isEmpty()
                ? Optional.empty() : Optional.of(new Room.ServedBy(takenBy, takenByName, takenAt.get()));
        return new Room(row.getString("rid"), row.getString("inquiry_id"), row.getString("name"),
                instant(row, "ts").orElseThrow(), Optional.ofNullable(row.getString("department_id")), Rows.visitor(row),
                servedBy, instant(row, "queued_at"),
                instant(row, "updated_at").orElseThrow(), instant(row, "closed_at"),
                Optional.ofNullable(row.getString("closer")), OrderingColumns.read(row));
    }

    private static Optional<Instant> instant(ResultSet row, String column) throws SQLException {
        return Optional.ofNullable(row.getObject(column, OffsetDateTime.class)).map(OffsetDateTime::toInstant);
    }
}
