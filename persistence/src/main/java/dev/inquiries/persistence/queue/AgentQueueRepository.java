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
import dev.inquiries.persistence.SqlStatement;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * One inquiry at a time for the agents' queue: {@code inquiries.getOne} reads one, {@code inquiries.take}
 * takes one. Both check the caller and decide visibility in their one statement, by {@link QueueVisibility}'s
 * one definition, so what an agent may take is what its queue shows.
 */
public final class AgentQueueRepository {

    /** The record's columns over {@code i} (the inquiry) and the users it names, {@code da} and {@code tb}. */
    private static final String RECORD = """
            i.id, i.rid, i.name, i.ts, i.status, i.department_id, i.updated_at, i.queued_at, i.taken_at,
            i.default_agent_id, da.username AS default_agent_username, i.taken_by, tb.username AS taken_by_username""";

    private static final String CALLER_ID = "c.user_id";

    /** The newest inquiry of the room that the caller may see; no row without a valid token. */
    private static final String GET_ONE = """
            WITH caller AS MATERIALIZED (<caller>)
            SELECT c.permitted, x.*
              FROM caller AS c
              LEFT JOIN LATERAL (
                   SELECT <record>
                     FROM inquiries AS i
                     LEFT JOIN users AS da ON da.id = i.default_agent_id
                     LEFT JOIN users AS tb ON tb.id = i.taken_by
                    WHERE i.rid = :roomId AND c.permitted AND <sees>
                    ORDER BY i.ts DESC, i.id COLLATE "C" DESC
                    LIMIT 1) AS x ON true""";

    /**
     * Every check of a take and the take itself in one statement. The checks read the statement's snapshot and
     * make at most one claim (this inquiry for this taker); the claim goes to V27's {@code assign_inquiry}, the one
     * assignment, which takes the row only while it is queued, re-checked on the row's newest version after
     * waiting for a concurrent take's lock (READ COMMITTED): of concurrent takes exactly one finds it queued. The
     * claim is materialized first, so nothing is assigned unless every check passed. The outcome is decided from
     * the checks in the contract's order, a missing assignment last.
     */
    private static final String TAKE = """
            WITH caller AS MATERIALIZED (<caller>),
                 flags AS MATERIALIZED (
                     SELECT <manager> AS manager, coalesce(:takerId, c.user_id) AS taker_id
                       FROM caller AS c),
                 taker AS MATERIALIZED (
                     SELECT u.id, EXISTS (SELECT 1 FROM agents_on_duty a WHERE a.user_id = u.id) AS available
                       FROM users AS u, flags AS f
                      WHERE u.id = f.taker_id),
                 target AS MATERIALIZED (
                     SELECT i.id, i.status
                       FROM inquiries AS i, caller AS c
                      WHERE i.id = :inquiryId AND c.permitted AND <finds>),
                 claim AS MATERIALIZED (
                     SELECT t.id AS inquiry_id, k.id AS agent_id
                       FROM target AS t, taker AS k, caller AS c, flags AS f
                      WHERE k.available AND c.permitted AND (k.id = c.user_id OR f.manager)),
                 taken AS MATERIALIZED (
                     SELECT a.* FROM claim AS m CROSS JOIN LATERAL assign_inquiry(m.inquiry_id, m.agent_id) AS a)
            SELECT c.permitted, f.manager, f.taker_id = c.user_id AS for_self, k.id IS NOT NULL AS taker_exists,
                   coalesce(k.available, false) AS taker_available,
                   t.id IS NOT NULL AS found, coalesce(inquiry_is_queued(t.status), false) AS found_queued, <record>
              FROM caller AS c
             CROSS JOIN flags AS f
              LEFT JOIN taker AS k ON true
              LEFT JOIN target AS t ON true
              LEFT JOIN taken AS i ON true
              LEFT JOIN users AS da ON da.id = i.default_agent_id
              LEFT JOIN users AS tb ON tb.id = i.taken_by""";

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
        CallerCheck caller = CallerCheck.of(credentials, permission, tokens.lifetime());
        Map<String, Object> parameters = new LinkedHashMap<>(caller.parameters());
        parameters.put("roomId", PostgresText.canBeStored(roomId) ? roomId : null);
        SqlStatement statement = new SqlStatement(GET_ONE, defines(caller), parameters);
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
        CallerCheck caller = CallerCheck.of(credentials, permission, tokens.lifetime());
        Map<String, Object> parameters = new LinkedHashMap<>(caller.parameters());
        parameters.put("takerId", takerId.map(id -> PostgresText.canBeStored(id) ? id : "").orElse(null));
        parameters.put("inquiryId", PostgresText.canBeStored(inquiryId) ? inquiryId : null);
        Map<String, String> defines = defines(caller);
        defines.put("manager", QueueVisibility.manager(CALLER_ID));
        defines.put("finds", QueueVisibility.findsToTake("i", CALLER_ID, "c.restricted"));
        SqlStatement statement = new SqlStatement(TAKE, defines, parameters);
        List<TakeRow> rows = database.withHandle(handle -> statement.query(handle).map(TakeRow::map).list());
        Authorized<TakeRow> checked = CallerCheck.decide(rows, List::getFirst);
        return switch (checked) {
            case Authorized.NotAuthenticated<TakeRow> refused -> new Authorized.NotAuthenticated<>();
            case Authorized.Forbidden<TakeRow> refused -> new Authorized.Forbidden<>();
            case Authorized.Granted<TakeRow> granted -> outcome(granted.value());
        };
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

    private static Map<String, String> defines(CallerCheck caller) {
        Map<String, String> defines = new LinkedHashMap<>();
        defines.put("caller", caller.sql());
        defines.put("record", RECORD);
        defines.put("sees", QueueVisibility.seesOne("i", CALLER_ID, "c.restricted"));
        return defines;
    }

    /** The record in a row's {@link #RECORD} columns, or empty when the row carries none. */
    private static Optional<InquiryRecord> readRecord(ResultSet row, StatementContext context) throws SQLException {
        if (row.getString("id") == null) {
            return Optional.empty();
        }
        Optional<Instant> takenAt = instant(row, "taken_at");
        Optional<InquiryRecord.Agent> servedBy = agent(row, "taken_by", "taken_by_username");
        return Optional.of(new InquiryRecord(InquiryMapper.INSTANCE.map(row, context),
                instant(row, "updated_at").orElseThrow(), instant(row, "queued_at"), takenAt,
                agent(row, "default_agent_id", "default_agent_username"),
                takenAt.isPresent() ? servedBy : Optional.empty()));
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
