package dev.inquiries.persistence;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.inquiries.domain.AgentListRequest;
import dev.inquiries.domain.AgentSortField;
import dev.inquiries.domain.LivechatStatus;
import dev.inquiries.domain.RandomIds;
import dev.inquiries.domain.Roles;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * Agents (users with the role {@code livechat-agent}, V26's {@code livechat_agents}): the agent list, their
 * memberships of departments and their {@code statusLivechat}. Membership counts only in enabled departments:
 * statements that ask who is a member read the view {@code enabled_department_agents} (V23), the one definition of
 * that rule.
 */
public final class AgentRepository {

    /** This class's statements, each in the {@code .sql} file of its name beside it. */
    private enum Sql { PAGE, MEMBERSHIPS, SET_STATUS, ADD_MEMBERSHIP, REMOVE_MEMBERSHIP, USER_ID_OF }

    private static final Map<Sql, String> SQL = SqlFiles.all(AgentRepository.class, Sql.class);

    /** The agent list's sort: each field's column, {@code _id} the tie-breaker. */
    private static final ListSort<AgentSortField> SORT = ListSort.of(AgentSortField.class, AgentSortField.ID)
            .column(AgentSortField.ID, "id", ListSort.Kind.TEXT)
            .column(AgentSortField.USERNAME, "username", ListSort.Kind.TEXT)
            .column(AgentSortField.NAME, "name", ListSort.Kind.NULLABLE_TEXT)
            .column(AgentSortField.STATUS_LIVECHAT, "status_livechat", ListSort.Kind.TEXT)
            .build();

    private static final RowMapper<AgentMembership> MEMBERSHIP_ROW = (row, context) -> new AgentMembership(
            row.getString("id"), row.getString("department_id"), row.getString("department_name"),
            row.getString("user_id"), row.getString("username"), row.getBoolean("enabled"));

    private final Database database;

    public AgentRepository(Database database) {
        this.database = database;
    }

    /** The page of agents the request asks for, with the total that match its filter. */
    public AgentPage list(AgentListRequest request) {
        PageRows.Page<AgentSummary> rows = PageRows.read(database, request.text(), () -> pageStatement(request),
                AgentRepository::agent);
        return new AgentPage(rows.items(), request.page().offset(), rows.total());
    }

    /** The page of the agent list the request asks for: {@code page.sql} in the request's order. */
    private static SqlStatement pageStatement(AgentListRequest request) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("text", request.text().orElse(null));
        parameters.put("onlyAvailable", request.onlyAvailable());
        // An id PostgreSQL cannot store is no user's: leaving it out leaves out no one.
        parameters.put("excludeId", request.excludeId().filter(PostgresText::canBeStored).orElse(null));
        PageRows.putPage(parameters, request.page());
        return new SqlStatement(SQL.get(Sql.PAGE), SORT.pageOrders(request.sort(), "m."), parameters);
    }

    /**
     * Makes the user an agent of the department, giving it the role {@code livechat-agent} if it lacks it.
     *
     * @throws RequestRefusedException when there is no such user or department, or the user is already a member
     */
    public AgentMembership add(String username, String department) {
        return database.inTransaction(handle -> {
            String userId = userIdOf(handle, username);
            String departmentId = DepartmentRepository.idOf(handle, department);
            UserRepository.grantRole(handle, userId, Roles.LIVECHAT_AGENT);
            int inserted = handle.createUpdate(SQL.get(Sql.ADD_MEMBERSHIP))
                    .bindMap(Map.of("id", RandomIds.next(), "departmentId", departmentId, "userId", userId))
                    .execute();
            if (inserted == 0) {
                throw new RequestRefusedException("\"" + username + "\" is already an agent of \"" + department + "\"");
            }
            return membership(handle, userId, departmentId);
        });
    }

    /**
     * Ends the user's membership of the department; it keeps its role.
     *
     * @throws RequestRefusedException when there is no such user or department, or the user is no member of it
     */
    public AgentMembership remove(String username, String department) {
        return database.inTransaction(handle -> {
            String userId = userIdOf(handle, username);
            String departmentId = DepartmentRepository.idOf(handle, department);
            AgentMembership removed = membership(handle, userId, departmentId);
            handle.createUpdate(SQL.get(Sql.REMOVE_MEMBERSHIP))
                    .bindMap(Map.of("departmentId", departmentId, "userId", userId))
                    .execute();
            return removed;
        });
    }

    /**
     * Sets the agent's status.
     *
     * @throws RequestRefusedException when there is no such user, or it is not an agent
     */
    public LivechatStatus setStatus(String username, LivechatStatus status) {
        return database.inTransaction(handle -> setStatus(handle, userIdOf(handle, username), Optional.of(status))
                .orElseThrow(() -> new RequestRefusedException("\"" + username + "\" is not an agent")));
    }

    /**
     * Sets the status of the agent with this id, or toggles it when no status is given; in one statement, so
     * that concurrent toggles each flip it once.
     *
     * @return the new status, or empty when there is no agent with this id
     */
    public Optional<LivechatStatus> setStatusById(String userId, Optional<LivechatStatus> status) {
        if (!PostgresText.canBeStored(userId)) {
            return Optional.empty();
        }
        return database.inTransaction(handle -> setStatus(handle, userId, status));
    }

    /**
     * The user's memberships, by department name: all of them, or those that count (of enabled departments).
     * An unknown user has none.
     */
    public List<AgentMembership> departmentsOf(String userId, boolean enabledOnly) {
        if (!PostgresText.canBeStored(userId)) {
            return List.of();
        }
        return database.withHandle(handle -> memberships(handle, userId, enabledOnly));
    }

    private static Optional<LivechatStatus> setStatus(Handle handle, String userId, Optional<LivechatStatus> status) {
        return handle.createQuery(SQL.get(Sql.SET_STATUS))
                .bind("status", status.map(LivechatStatus::wireName).orElse(null))
                .bind("userId", userId)
                .mapTo(String.class)
                .findOne()
                .map(stored -> LivechatStatus.fromWireName(stored).orElseThrow());
    }

    private static List<AgentMembership> memberships(Handle handle, String userId, boolean enabledOnly) {
        return membershipsStatement(userId, enabledOnly).query(handle).map(MEMBERSHIP_ROW).list();
    }

    /** The user's memberships, those of enabled departments only or all: {@code memberships.sql}. */
    private static SqlStatement membershipsStatement(String userId, boolean enabledOnly) {
        return new SqlStatement(SQL.get(Sql.MEMBERSHIPS),
                Map.of("memberships", enabledOnly ? "enabled_department_agents" : "department_agents"),
                Map.of("userId", userId));
    }

    /** This class's statements in each of their shapes, for the catalog ({@link Statements}). */
    static List<StatementShape> statements() {
        List<StatementShape> shapes =
                new ArrayList<>(SqlFiles.shapes(AgentRepository.class, SQL, EnumSet.of(Sql.PAGE, Sql.MEMBERSHIPS)));
        shapes.add(StatementShape.of(AgentRepository.class, "page", "default order {\"name\":1}",
                pageStatement(AgentListRequest.parse(Map.of(), Statements.PAGING))));
        String file = "memberships";
        shapes.add(StatementShape.of(AgentRepository.class, file, "enabled departments only",
                membershipsStatement(StatementExamples.of("userId"), true)));
        shapes.add(StatementShape.of(AgentRepository.class, file, "every department",
                membershipsStatement(StatementExamples.of("userId"), false)));
        return shapes;
    }

    private static AgentMembership membership(Handle handle, String userId, String departmentId) {
        return memberships(handle, userId, false).stream()
                .filter(membership -> membership.departmentId().equals(departmentId))
                .findFirst()
                .orElseThrow(() -> new RequestRefusedException("The user is no agent of that department"));
    }

    /** The id of the user with this username. */
    static String userIdOf(Handle handle, String username) {
        return handle.createQuery(SQL.get(Sql.USER_ID_OF))
                .bind("username", username)
                .mapTo(String.class)
                .findOne()
                .orElseThrow(() -> new RequestRefusedException("There is no user \"" + username + "\""));
    }

    /** The agent of a row of {@code page.sql}. */
    private static AgentSummary agent(ResultSet row) throws SQLException {
        String email = row.getString("email");
        Optional<AgentSummary.Email> emails = email == null ? Optional.empty()
                : Optional.of(new AgentSummary.Email(email, row.getBoolean("email_verified")));
        return new AgentSummary(row.getString("id"), row.getString("username"), Optional.ofNullable(row.getString("name")),
                LivechatStatus.fromWireName(row.getString("status_livechat")).orElseThrow(), emails,
                row.getInt("livechat_max_chats"));
    }
}
