package dev.inquiries.persistence;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.inquiries.domain.DepartmentListRequest;
import dev.inquiries.domain.DepartmentSortField;
import dev.inquiries.domain.RandomIds;
import org.jdbi.v3.core.Handle;

/**
 * Departments: adding, renaming, enabling and disabling them, and the department list. A department is named
 * by id or by name (V30's {@code department_id_of}); membership counts only in enabled departments (the view
 * {@code enabled_department_agents}, V23).
 */
public final class DepartmentRepository {

    /** This class's statements, each in the {@code .sql} file of its name beside it. */
    private enum Sql { PAGE, ADD, RENAME, SET_ENABLED, ID_OF, NAME_TAKEN }

    private static final Map<Sql, String> SQL = SqlFiles.all(DepartmentRepository.class, Sql.class);

    /** The department list's sort: each field's column, {@code _id} the tie-breaker. */
    private static final ListSort<DepartmentSortField> SORT = ListSort.of(DepartmentSortField.class, DepartmentSortField.ID)
            .column(DepartmentSortField.ID, "id", ListSort.Kind.TEXT)
            .column(DepartmentSortField.NAME, "name", ListSort.Kind.TEXT)
            .column(DepartmentSortField.ENABLED, "enabled", ListSort.Kind.PLAIN)
            .build();

    private final Database database;

    public DepartmentRepository(Database database) {
        this.database = database;
    }

    /**
     * Adds an enabled department, with a new id unless one is given.
     *
     * @throws RequestRefusedException when the name is empty or taken, or the id is empty or taken
     */
    public DepartmentSummary add(String name, String id) {
        if (name.isBlank()) {
            throw new RequestRefusedException("The department's name must not be empty");
        }
        if (id != null && id.isBlank()) {
            throw new RequestRefusedException("The department's id must not be empty");
        }
        String newId = id == null ? RandomIds.next() : id;
        return database.inTransaction(handle -> {
            refuseTakenName(handle, name, null);
            int inserted = handle.createUpdate(SQL.get(Sql.ADD))
                    .bindMap(Map.of("id", newId, "name", name))
                    .execute();
            if (inserted == 0) {
                throw new RequestRefusedException("The department id \"" + newId + "\" is taken");
            }
            return new DepartmentSummary(newId, name, true, 0);
        });
    }

    /**
     * Renames the department.
     *
     * @throws RequestRefusedException when there is no such department, or the name is empty or another's
     */
    public DepartmentSummary rename(String department, String name) {
        if (name.isBlank()) {
            throw new RequestRefusedException("The department's name must not be empty");
        }
        return database.inTransaction(handle -> {
            String id = idOf(handle, department);
            refuseTakenName(handle, name, id);
            return update(handle, SQL.get(Sql.RENAME), Map.of("id", id, "name", name));
        });
    }

    /**
     * Enables or disables the department; a disabled department's agents are not its members for any rule.
     *
     * @throws RequestRefusedException when there is no such department
     */
    public DepartmentSummary setEnabled(String department, boolean enabled) {
        return database.inTransaction(handle -> update(handle, SQL.get(Sql.SET_ENABLED),
                Map.of("id", idOf(handle, department), "enabled", enabled)));
    }

    /** The page the request asks for, of all departments or only the enabled ones a member is an agent of. */
    public DepartmentPage list(DepartmentListRequest request, Optional<String> memberId) {
        return list(request, memberId, Optional.empty());
    }

    /**
     * The page the request asks for: all departments; with a member, only the enabled ones that user is an
     * agent of; with a viewer, only those the viewer sees in the queue (all, unless it is a restricted monitor,
     * then V26's {@code restricted_monitor_departments}: those of its units and those it is an agent of).
     *
     * @param memberId the user whose departments to keep, or empty for all
     * @param viewerId the user whose visible departments to keep, or empty for all
     */
    public DepartmentPage list(DepartmentListRequest request, Optional<String> memberId, Optional<String> viewerId) {
        PageRows.Page<DepartmentSummary> rows = PageRows.read(database, request.text(),
                () -> pageStatement(request, memberId, viewerId),
                row -> new DepartmentSummary(row.getString("id"), row.getString("name"), row.getBoolean("enabled"),
                        row.getLong("num_agents")));
        return new DepartmentPage(rows.items(), request.page().offset(), rows.total());
    }

    /** The page of the department list the request asks for: {@code page.sql} in the request's order. */
    private static SqlStatement pageStatement(DepartmentListRequest request, Optional<String> memberId,
                                              Optional<String> viewerId) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("text", request.text().orElse(null));
        parameters.put("enabledOnly", request.enabledOnly());
        parameters.put("memberId", memberId.orElse(null));
        parameters.put("viewerId", viewerId.orElse(null));
        PageRows.putPage(parameters, request.page());
        return new SqlStatement(SQL.get(Sql.PAGE), SORT.pageOrders(request.sort(), "m."), parameters);
    }

    /** This class's statements in each of their shapes, for the catalog ({@link Statements}): the page in its default order. */
    static List<StatementShape> statements() {
        List<StatementShape> shapes = new ArrayList<>(SqlFiles.shapes(DepartmentRepository.class, SQL, EnumSet.of(Sql.PAGE)));
        DepartmentListRequest request = DepartmentListRequest.parse(Map.of(), Statements.PAGING);
        shapes.add(StatementShape.of(DepartmentRepository.class, "page", "default order {\"name\":1}",
                pageStatement(request, Optional.empty(), Optional.empty())));
        return shapes;
    }

    /**
     * The id of the department a name or id names, inside a transaction of the caller's.
     *
     * @throws RequestRefusedException when it names none
     */
    static String idOf(Handle handle, String department) {
        return Optional.ofNullable(PostgresText.canBeStored(department) ? handle.createQuery(SQL.get(Sql.ID_OF))
                        .bind("department", department)
                        .mapTo(String.class)
                        .one() : null)
                .orElseThrow(() -> new RequestRefusedException("There is no department \"" + department + "\""));
    }

    private static void refuseTakenName(Handle handle, String name, String exceptId) {
        boolean taken = handle.createQuery(SQL.get(Sql.NAME_TAKEN))
                .bind("name", name)
                .bind("exceptId", exceptId)
                .mapTo(Integer.class)
                .findOne()
                .isPresent();
        if (taken) {
            throw new RequestRefusedException("The department name \"" + name + "\" is taken");
        }
    }

    private static DepartmentSummary update(Handle handle, String sql, Map<String, Object> parameters) {
        return handle.createQuery(sql)
                .bindMap(parameters)
                .map((row, context) -> new DepartmentSummary(row.getString("id"), row.getString("name"),
                        row.getBoolean("enabled"), 0))
                .one();
    }
}
