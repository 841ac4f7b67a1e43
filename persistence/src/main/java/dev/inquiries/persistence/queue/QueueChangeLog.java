package dev.inquiries.persistence.queue;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.inquiries.domain.Credentials;
import dev.inquiries.domain.InquiryStreamRequest;
import dev.inquiries.domain.QueueAudience;
import dev.inquiries.domain.QueueEvent;
import dev.inquiries.domain.QueueRefusedException;
import dev.inquiries.domain.QueueView;
import dev.inquiries.domain.TokenHasher;
import dev.inquiries.persistence.DepartmentNames;
import dev.inquiries.persistence.LoginTokenRepository;
import dev.inquiries.persistence.PostgresText;
import dev.inquiries.persistence.Rows;
import dev.inquiries.persistence.SqlFiles;
import dev.inquiries.persistence.SqlStatement;
import dev.inquiries.persistence.StatementShape;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * The statements over the change log (V25's {@code queue_changes}) that the stream's feed runs: number the
 * committed changes, find what is kept, trim it, and decide for a batch of changes and the distinct audiences of
 * the subscribers which event each audience gets. The decision is SQL, from the one visibility predicate
 * ({@link QueueVisibility}) applied to the row before and after each change.
 */
final class QueueChangeLog {

    /** Postgres channels V25 notifies: a statement recorded changes; a sequencer pass gave them positions. */
    static final String CHANGED_CHANNEL = "inquiries_queue_changed";
    static final String SEQUENCED_CHANNEL = "inquiries_queue_sequenced";

    /** This class's statements, each in the {@code .sql} file of its name beside it. */
    private enum Sql { SEQUENCE, BOUNDS, TRIM, AUDIENCE, LAPSED, DELIVERIES }

    private static final Map<Sql, String> SQL = SqlFiles.all(QueueChangeLog.class, Sql.class);

    /** The audience's user, as the visibility predicates take it. */
    private static final String AUDIENCE_USER = "a.user_id";

    /**
     * The department a filter names (by id or name, the id winning), and whether the user is an agent of it:
     * {@code audience.sql}, composed once.
     */
    private static final String AUDIENCE = SqlFiles.compose(SQL.get(Sql.AUDIENCE), Map.of(
            "idOf", DepartmentNames.ID_OF, "agentDepartments", QueueVisibility.agentDepartments(":userId")));

    /**
     * Of the grants given as parallel arrays, the 1-based numbers of those no longer held: {@code lapsed.sql},
     * composed once with the one definition of a valid token and of holding a permission.
     */
    private static final String LAPSED = SqlFiles.compose(SQL.get(Sql.LAPSED), Map.of(
            "validToken", LoginTokenRepository.validToken("g.hashed_token", "g.user_id"),
            "holds", CallerCheck.holds("u.id", "g.permission")));

    /**
     * For a batch of changes and the audiences given as parallel arrays, the events each audience gets:
     * {@code deliveries.sql}, composed once with the visibility of the row before and after each change.
     */
    private static final String DELIVERIES = SqlFiles.compose(SQL.get(Sql.DELIVERIES), Map.of(
            "seenBefore", seen("before_change"), "seenAfter", seen("after_change")));

    private QueueChangeLog() {
    }

    /** Every statement of the change log in its one shape, for the catalog of statements. */
    static List<StatementShape> statements() {
        List<StatementShape> shapes = new ArrayList<>(SqlFiles.shapes(QueueChangeLog.class, SQL,
                EnumSet.of(Sql.AUDIENCE, Sql.LAPSED, Sql.DELIVERIES)));
        shapes.add(StatementShape.of(QueueChangeLog.class, "audience", "", new SqlStatement(AUDIENCE, Map.of(), Map.of())));
        shapes.add(StatementShape.of(QueueChangeLog.class, "lapsed", "", new SqlStatement(LAPSED, Map.of(), Map.of())));
        shapes.add(StatementShape.of(QueueChangeLog.class, "deliveries", "",
                new SqlStatement(DELIVERIES, Map.of(), Map.of())));
        return shapes;
    }

    /**
     * The audience of a stream: its department filter resolved as the list it mirrors resolves it. For
     * {@code list} a department that does not exist matches nothing; for {@code queuedForUser} it must be one of
     * the user's enabled departments.
     *
     * @throws QueueRefusedException when a {@code queuedForUser} filter names no department of the user
     */
    static QueueAudience audience(Handle handle, String userId, InquiryStreamRequest request) {
        if (request.department().isEmpty()) {
            return new QueueAudience(userId, request.view(), Optional.empty(), false);
        }
        String named = request.department().get();
        Filter filter = handle.createQuery(AUDIENCE)
                .bind("department", PostgresText.canBeStored(named) ? named : null)
                .bind("userId", userId)
                .map((row, context) -> new Filter(Optional.ofNullable(row.getString("id")), row.getBoolean("member")))
                .one();
        if (request.view() == QueueView.QUEUED_FOR_USER && !filter.member()) {
            throw new QueueRefusedException(QueueRefusedException.Reason.DEPARTMENT_NOT_AUTHORIZED);
        }
        return new QueueAudience(userId, request.view(), filter.id(), filter.id().isEmpty());
    }

    private record Filter(Optional<String> id, boolean member) {
    }

    /** Numbers the committed unsequenced changes unless another session is; how many it numbered. */
    static long sequence(Handle handle) {
        return handle.createQuery(SQL.get(Sql.SEQUENCE)).mapTo(Long.class).one();
    }

    /**
     * The oldest and newest positions kept (both 0 when none is), looking for the oldest from {@code oldestSeen}: a
     * position no kept change is older than (an oldest seen before), or 0.
     */
    static Bounds bounds(Handle handle, long oldestSeen) {
        return handle.createQuery(SQL.get(Sql.BOUNDS))
                .bind("oldestSeen", oldestSeen)
                .map((row, context) -> new Bounds(row.getLong("oldest"), row.getLong("newest")))
                .one();
    }

    /** Deletes all but the newest {@code keep} positions. */
    static int trim(Handle handle, long keep) {
        return handle.createUpdate(SQL.get(Sql.TRIM)).bind("keep", keep).execute();
    }

    /** The grants of the list (by index) that are no longer held ({@link #LAPSED}) by tokens of this lifetime. */
    static List<Integer> lapsed(Handle handle, List<StreamGrant> grants, Duration tokenLifetime) {
        if (grants.isEmpty()) {
            return List.of();
        }
        return handle.createQuery(LAPSED)
                .bindArray("users", String.class, grants.stream().map(StreamGrant::userId).toList())
                .bindArray("hashedTokens", String.class, grants.stream().map(StreamGrant::hashedToken).toList())
                .bindArray("permissions", String.class, grants.stream().map(StreamGrant::permission).toList())
                .bind("lifetimeSeconds", (double) tokenLifetime.toSeconds())
                .map((row, context) -> row.getInt("grant_no") - 1)
                .list();
    }

    /** The events of the changes in (after, upTo] for each audience (by its index in the list). */
    static List<Delivery> deliveries(Handle handle, long after, long upTo, List<QueueAudience> audiences) {
        List<String> users = new ArrayList<>();
        List<String> views = new ArrayList<>();
        List<String> departments = new ArrayList<>();
        List<Boolean> matchesNone = new ArrayList<>();
        for (QueueAudience audience : audiences) {
            users.add(audience.userId());
            views.add(audience.view().wireName());
            departments.add(audience.departmentId().orElse(null));
            matchesNone.add(audience.matchesNone());
        }
        return handle.createQuery(DELIVERIES)
                .bindArray("users", String.class, users)
                .bindArray("views", String.class, views)
                .bindArray("departments", String.class, departments)
                .bindArray("matchesNone", Boolean.class, matchesNone)
                .bind("after", after)
                .bind("upTo", upTo)
                .map(QueueChangeLog::delivery)
                .list()
                .stream()
                .flatMap(Optional::stream)
                .toList();
    }

    /**
     * Whether the audience {@code a} sees the inquiry {@code row}: the list its view mirrors shows it, and the
     * audience's department filter matches it. NULL when there is no such row (coalesced to false).
     */
    private static String seen(String row) {
        return "(NOT a.matches_none"
                + " AND (a.department_id IS NULL OR " + row + ".department_id = a.department_id)"
                + " AND CASE a.view"
                + " WHEN '" + QueueView.LIST.wireName() + "' THEN "
                + QueueVisibility.listed(row, AUDIENCE_USER, QueueVisibility.restricted(AUDIENCE_USER))
                + " WHEN '" + QueueView.QUEUED_FOR_USER.wireName() + "' THEN "
                + QueueVisibility.queuedFor(row, AUDIENCE_USER)
                + " ELSE false END)";
    }

    private static Optional<Delivery> delivery(ResultSet row, StatementContext context) throws SQLException {
        int audience = row.getInt("audience") - 1;
        long position = row.getLong("position");
        if ("reset".equals(row.getString("kind"))) {
            return Optional.of(new Delivery(audience, QueueEvent.reset(position)));
        }
        Optional<QueueEvent.Type> type = QueueEvent.between(row.getBoolean("visible_before"),
                row.getBoolean("visible_after"));
        if (type.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Delivery(audience, QueueEvent.of(type.get(), position, Rows.inquiry(row, context))));
    }

    /** The positions kept: {@code oldest..newest}, contiguous; 0 and 0 when the log holds none. */
    record Bounds(long oldest, long newest) {

        /** Whether every change after this position is still kept (so a subscriber there can go on). */
        boolean canResumeAfter(long position) {
            return position <= newest && (oldest == 0 ? position == newest : position >= oldest - 1);
        }
    }

    /**
     * What a stream was opened with and must go on holding: its user's token (hashed) and the permission of the
     * list it mirrors.
     */
    record StreamGrant(String userId, String hashedToken, String permission) {

        static StreamGrant of(QueueAudience audience, Credentials credentials) {
            return new StreamGrant(audience.userId(), TokenHasher.hash(credentials.token()),
                    audience.view().permission().id());
        }
    }

    /** An event for the audience at this index of the list asked about. */
    record Delivery(int audience, QueueEvent event) {
    }
}
