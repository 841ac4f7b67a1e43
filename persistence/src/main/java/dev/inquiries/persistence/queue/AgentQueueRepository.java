package dev.inquiries.persistence.queue;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.inquiries.domain.Authorized;
import dev.inquiries.domain.Credentials;
import dev.inquiries.domain.InquiryRecord;
import dev.inquiries.domain.Permission;
import dev.inquiries.domain.QueueRefusedException;
import dev.inquiries.domain.QueueRefusedException.Reason;
import dev.inquiries.persistence.Database;
import dev.inquiries.persistence.LoginTokenRepository;
import dev.inquiries.persistence.PostgresText;
import dev.inquiries.persistence.Rows;
import dev.inquiries.persistence.SqlFiles;
import dev.inquiries.persistence.SqlStatement;
import dev.inquiries.persistence.StatementShape;
import dev.inquiries.persistence.Statements;
import dev.inquiries.persistence.ordering.OrderingColumns;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * One inquiry at a time for the agents' queue: {@code inquiries.getOne} reads one, {@code inquiries.take}
 * takes one. Both check the caller and decide visibility in their one statement, by {@link QueueVisibility}'s
 * one definition, so what an agent may take is what its queue shows.
 */
public final class AgentQueueRepository {

    /** The caller's user id and restriction, as the statements' {@code caller} CTE has them. */
    private static final String CALLER_ID = "c.user_id";
    private static final String CALLER_RESTRICTED = "c.restricted";

    /** The record's columns: {@code record.sql}. */
    private static final String RECORD = SqlFiles.of(AgentQueueRepository.class, "record");

    /**
     * The newest inquiry of the room that the caller may see, no row without a valid token: {@code get_one.sql},
     * composed once with the visibility rule; a request gives its caller check.
     */
    private static final String GET_ONE = SqlFiles.compose(SqlFiles.of(AgentQueueRepository.class, "get_one"),
            Map.of("record", RECORD, "sees", QueueVisibility.seesOne("i", CALLER_ID, CALLER_RESTRICTED)), "caller");

    /**
     * Every check of a take and the take itself (V29's {@code assign_inquiry}) in one statement: {@code take.sql},
     * composed once with the visibility rules; a request gives its caller check.
     */
    private static final String TAKE = SqlFiles.compose(SqlFiles.of(AgentQueueRepository.class, "take"),
            Map.of("record", RECORD, "manager", QueueVisibility.manager(CALLER_ID),
                    "finds", QueueVisibility.findsToTake("i", CALLER_ID, CALLER_RESTRICTED)), "caller");

    private final Database database;
    private final LoginTokenRepository tokens;

    public AgentQueueRepository(Database database, LoginTokenRepository tokens) {
        this.database = database;
        this.tokens = tokens;
    }

    /**
     * The newest inquiry of the room, if the caller may see it; empty when there is none or it may not.
     */
    public Authorized<Optional<InquiryRecord>> getOne(Credentials credentials, Permission permission, String roomId) {
        SqlStatement statement = getOneStatement(CallerCheck.of(credentials, permission, tokens.lifetime()), roomId);
        List<RecordRow> rows = database.withHandle(handle -> statement.query(handle).map(RecordRow::map).list());
        return CallerCheck.decide(rows, checked -> checked.getFirst().record());
    }

    /**
     * Takes the inquiry for the taker (the caller when {@code takerId} is empty), checked as the contract
     * orders: another taker needs view-livechat-manager (else Forbidden) and must exist; the caller must see
     * the inquiry; it must be queued; the taker must be an active, available agent; and only one take wins.
     *
     * @throws QueueRefusedException with the reason of the first check that fails
     */
    public Authorized<InquiryRecord> take(Credentials credentials, Permission permission, String inquiryId,
                                          Optional<String> takerId) {
        SqlStatement statement = takeStatement(CallerCheck.of(credentials, permission, tokens.lifetime()), inquiryId,
                takerId);
        List<TakeRow> rows;
        try {
            rows = database.withHandle(handle -> statement.query(handle).map(TakeRow::map).list());
        } catch (RuntimeException failure) {
            if (Database.exceedsCapacity(failure)) {
                throw new QueueRefusedException(Reason.MAX_CHATS_REACHED);
            }
            throw failure;
        }
        Authorized<TakeRow> checked = CallerCheck.decide(rows, List::getFirst);
        return switch (checked) {
            case Authorized.NotAuthenticated<TakeRow> refused -> new Authorized.NotAuthenticated<>();
            case Authorized.Forbidden<TakeRow> refused -> new Authorized.Forbidden<>();
            case Authorized.Granted<TakeRow> granted -> outcome(granted.value());
        };
    }

    /** The newest inquiry of the room, if the caller may see it: {@link #GET_ONE} for this caller. */
    private static SqlStatement getOneStatement(CallerCheck caller, String roomId) {
        Map<String, Object> parameters = new LinkedHashMap<>(caller.parameters());
        parameters.put("roomId", PostgresText.canBeStored(roomId) ? roomId : null);
        return new SqlStatement(GET_ONE, Map.of("caller", caller.sql()), parameters);
    }

    /** The take of the inquiry for the taker (the caller when empty): {@link #TAKE} for this caller. */
    private static SqlStatement takeStatement(CallerCheck caller, String inquiryId, Optional<String> takerId) {
        Map<String, Object> parameters = new LinkedHashMap<>(caller.parameters());
        parameters.put("takerId", takerId.map(PostgresText::comparable).orElse(null));
        parameters.put("inquiryId", PostgresText.canBeStored(inquiryId) ? inquiryId : null);
        return new SqlStatement(TAKE, Map.of("caller", caller.sql()), parameters);
    }

    /** Both statements in their one shape each, for a caller checked as the endpoints check it, for the catalog. */
    static List<StatementShape> statements() {
        CallerCheck caller = CallerCheck.of(Statements.EXAMPLE_CALLER, Permission.VIEW_L_ROOM, Statements.TOKEN_LIFETIME);
        return List.of(
                StatementShape.of(AgentQueueRepository.class, "get_one", "",
                        getOneStatement(caller, "EbQjtCosHJWLQmQYT")),
                StatementShape.of(AgentQueueRepository.class, "take", "",
                        takeStatement(caller, "GpxfRo8TaPHfsnnC5", Optional.of(Statements.EXAMPLE_CALLER.userId()))));
    }

    private static Authorized<InquiryRecord> outcome(TakeRow row) {
        if (!row.forSelf() && !row.manager()) {
            return new Authorized.Forbidden<>();
        }
        if (!row.takerExists()) {
            throw new QueueRefusedException(Reason.INVALID_USER);
        }
        if (!row.found()) {
            throw new QueueRefusedException(Reason.INQUIRY_NOT_FOUND);
        }
        if (row.record().isPresent()) {
            return new Authorized.Granted<>(row.record().get());
        }
        if (!row.foundQueued()) {
            throw new QueueRefusedException(Reason.INQUIRY_TAKEN);
        }
        if (!row.takerAvailable()) {
            throw new QueueRefusedException(Reason.AGENT_OFFLINE);
        }
        // It was queued in the statement's snapshot, the taker could take it, and yet no row was updated:
        // a concurrent take committed first.
        throw new QueueRefusedException(Reason.INQUIRY_TAKEN);
    }

    /** The record in a row's {@link #RECORD} columns, or empty when the row carries none. */
    private static Optional<InquiryRecord> readRecord(ResultSet row, StatementContext context) throws SQLException {
        if (row.getString("id") == null) {
            return Optional.empty();
        }
        Optional<Instant> takenAt = instant(row, "taken_at");
        Optional<InquiryRecord.Agent> servedBy = agent(row, "taken_by", "taken_by_username");
        return Optional.of(new InquiryRecord(Rows.inquiry(row, context),
                instant(row, "updated_at").orElseThrow(), instant(row, "queued_at"), takenAt,
                agent(row, "default_agent_id", "default_agent_username"),
                takenAt.isPresent() ? servedBy : Optional.empty(), OrderingColumns.read(row), Rows.visitor(row)));
    }

    private static Optional<Instant> instant(ResultSet row, String column) throws SQLException {
        OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
        return Optional.ofNullable(value).map(OffsetDateTime::toInstant);
    }

    private static Optional<InquiryRecord.Agent> agent(ResultSet row, String idColumn, String usernameColumn)
            throws SQLException {
        String id = row.getString(idColumn);
        String username = row.getString(usernameColumn);
        return id == null || username == null ? Optional.empty() : Optional.of(new InquiryRecord.Agent(id, username));
    }

    /** A row of {@link #GET_ONE}: the caller's verdict and the record, if one is visible. */
    private record RecordRow(CallerCheck.Verdict caller, Optional<InquiryRecord> record) implements CallerCheck.Checked {

        static RecordRow map(ResultSet row, StatementContext context) throws SQLException {
            return new RecordRow(CallerCheck.verdict(row), readRecord(row, context));
        }
    }

    /** The row of {@link #TAKE}: the caller's verdict, each check's outcome, and the record if it was taken. */
    private record TakeRow(CallerCheck.Verdict caller, boolean manager, boolean forSelf, boolean takerExists,
                           boolean takerAvailable, boolean found, boolean foundQueued, Optional<InquiryRecord> record)
            implements CallerCheck.Checked {

        static TakeRow map(ResultSet row, StatementContext context) throws SQLException {
            return new TakeRow(CallerCheck.verdict(row), row.getBoolean("manager"), row.getBoolean("for_self"),
                    row.getBoolean("taker_exists"), row.getBoolean("taker_available"), row.getBoolean("found"),
                    row.getBoolean("found_queued"), readRecord(row, context));
        }
    }
}
