package dev.inquiries.persistence.queue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import dev.inquiries.domain.ordering.InquirySlaRequest;
import dev.inquiries.domain.ordering.OrderingRefusal;
import dev.inquiries.persistence.Database;
import dev.inquiries.persistence.PostgresText;
import dev.inquiries.persistence.SqlFiles;
import dev.inquiries.persistence.SqlStatement;
import dev.inquiries.persistence.StatementShape;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * A chat's priority ({@code livechat/room/:rid/priority}) and SLA ({@code livechat/inquiry.setSLA}): each change is one
 * conditional UPDATE of the inquiry whose WHERE holds every rule of it, the caller's sight of the chat included
 * ({@link QueueVisibility}'s getOne rule), re-checked by PostgreSQL on the row's newest version. When the snapshot
 * allowed the change and yet the UPDATE changed nothing, a concurrent move changed the chat under it; the statement
 * runs again on a fresh snapshot and answers the state it then finds.
 */
public final class InquiryOrdering {

    private static final String CALLER_ID = "c.user_id";
    private static final String CALLER_RESTRICTED = "c.restricted";
    private static final int MAX_RUNS = 4;

    private static final Map<String, String> PARTS = Map.of(
            "restricted", QueueVisibility.restricted("CAST(:callerId AS text)"),
            "sees", QueueVisibility.seesOne("i", CALLER_ID, CALLER_RESTRICTED));
    private static final String SET_PRIORITY = SqlFiles.compose(SqlFiles.of(InquiryOrdering.class, "set_priority"), PARTS);
    private static final String SET_SLA = SqlFiles.compose(SqlFiles.of(InquiryOrdering.class, "set_sla"), PARTS);

    private final Database database;

    public InquiryOrdering(Database database) {
        this.database = database;
    }

    /** Its statements, for the catalog. */
    static List<StatementShape> statements() {
        return List.of(
                StatementShape.of(InquiryOrdering.class, "set_priority", "", new SqlStatement(SET_PRIORITY, Map.of(), Map.of())),
                StatementShape.of(InquiryOrdering.class, "set_sla", "", new SqlStatement(SET_SLA, Map.of(), Map.of())));
    }

    /**
     * Gives the room's open inquiry the priority, or none.
     *
     * @param priorityId the priority's id; empty to clear it
     * @throws dev.inquiries.domain.Refusal {@link OrderingRefusal#ROOM_NOT_FOUND} (no room the caller sees),
     *                                      {@link OrderingRefusal#ROOM_CLOSED}, {@link OrderingRefusal#INVALID_PRIORITY}
     */
    public void setPriority(String callerId, String rid, Optional<String> priorityId) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("callerId", callerId);
        parameters.put("rid", PostgresText.comparable(rid));
        parameters.put("priorityId", priorityId.map(PostgresText::comparable).orElse(null));
        untilChanged("The room's priority", SET_PRIORITY, parameters,
                (result, context) -> new PriorityRow(result.getBoolean("found"), result.getBoolean("closed"),
                        result.getBoolean("known"), result.getBoolean("changed")),
                row -> {
                    if (!row.found()) {
                        throw OrderingRefusal.ROOM_NOT_FOUND.refusal();
                    }
                    if (row.closed()) {
                        throw OrderingRefusal.ROOM_CLOSED.refusal();
                    }
                    if (!row.known()) {
                        throw OrderingRefusal.INVALID_PRIORITY.refusal();
                    }
                    return row.changed();
                });
    }

    /**
     * Gives the room's queued inquiry the SLA.
     *
     * @throws dev.inquiries.domain.Refusal {@link OrderingRefusal#INVALID_INQUIRY} (no queued inquiry the caller sees),
     *                                      then {@link OrderingRefusal#INVALID_SLA}
     */
    public void setSla(String callerId, InquirySlaRequest request) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("callerId", callerId);
        parameters.put("roomId", PostgresText.comparable(request.roomId()));
        parameters.put("sla", PostgresText.comparable(request.sla()));
        untilChanged("The inquiry's SLA", SET_SLA, parameters,
                (result, context) -> new SlaRow(result.getBoolean("found"), result.getBoolean("known"),
                        result.getBoolean("changed")),
                row -> {
                    if (!row.found()) {
                        throw OrderingRefusal.INVALID_INQUIRY.refusal();
                    }
                    if (!row.known()) {
                        throw OrderingRefusal.INVALID_SLA.refusal();
                    }
                    return row.changed();
                });
    }

    /**
     * Runs the change until it changes the inquiry, each run in a transaction of its own on a fresh snapshot.
     *
     * @param what    what is set, for the failure after {@link #MAX_RUNS} runs
     * @param checked the run's row, checked: a refusal is thrown, else whether the UPDATE changed the inquiry
     */
    private <R> void untilChanged(String what, String sql, Map<String, Object> parameters, RowMapper<R> rows,
                                  Predicate<R> checked) {
        for (int run = 1; run <= MAX_RUNS; run++) {
            R row = database.inTransaction(handle -> handle.createQuery(sql).bindMap(parameters).map(rows).one());
            if (checked.test(row)) {
                return;
            }
        }
        throw new IllegalStateException(what + " could not be set in " + MAX_RUNS + " runs");
    }

    private record PriorityRow(boolean found, boolean closed, boolean known, boolean changed) {
    }

    private record SlaRow(boolean found, boolean known, boolean changed) {
    }
}
