package dev.inquiries.persistence;

import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.inquiries.domain.RandomIds;
import dev.inquiries.domain.Roles;
import org.jdbi.v3.core.Handle;

/**
 * Units: named groups of departments, and the monitors assigned to them. A monitor assigned here gets the
 * role {@code livechat-monitor} if it lacks it. A unit is named by id or by name, the id winning, as a
 * department is.
 */
public final class UnitRepository {

    /** This class's statements, each in the {@code .sql} file of its name beside it. */
    private enum Sql { BY_NAME, ADD, ADD_DEPARTMENT, ADD_MONITOR }

    private static final Map<Sql, String> SQL = SqlFiles.all(UnitRepository.class, Sql.class);

    /** This class's statements, each in its one shape, for the catalog ({@link Statements}). */
    static List<StatementShape> statements() {
        return SqlFiles.shapes(UnitRepository.class, SQL, Set.of());
    }

    private final Database database;

    public UnitRepository(Database database) {
        this.database = database;
    }

    /**
     * Adds a unit of these departments (each by id or name), with these monitors (by username).
     *
     * @throws RequestRefusedException when the name is empty or taken, no department is given, or a
     *                                  department or user does not exist
     */
    public Unit add(String name, List<String> departments, List<String> monitors) {
        if (name.isBlank()) {
            throw new RequestRefusedException("The unit's name must not be empty");
        }
        if (departments.isEmpty()) {
            throw new RequestRefusedException("A unit needs at least one department");
        }
        return database.inTransaction(handle -> {
            Unit unit = new Unit(RandomIds.next(), name);
            int inserted = handle.createUpdate(SQL.get(Sql.ADD))
                    .bindMap(Map.of("id", unit.id(), "name", unit.name()))
                    .execute();
            if (inserted == 0) {
                throw new RequestRefusedException("The unit name \"" + name + "\" is taken");
            }
            for (String department : departments) {
                handle.createUpdate(SQL.get(Sql.ADD_DEPARTMENT))
                        .bindMap(Map.of("unitId", unit.id(), "departmentId", DepartmentRepository.idOf(handle, department)))
                        .execute();
            }
            for (String monitor : monitors) {
                assign(handle, unit, monitor);
            }
            return unit;
        });
    }

    /**
     * Assigns the user to the unit as a monitor.
     *
     * @throws RequestRefusedException when there is no such unit or user
     */
    public Unit addMonitor(String unit, String username) {
        return database.inTransaction(handle -> {
            Unit found = handle.createQuery(SQL.get(Sql.BY_NAME))
                    .bind("unit", unit)
                    .map((row, context) -> new Unit(row.getString("id"), row.getString("name")))
                    .findOne()
                    .orElseThrow(() -> new RequestRefusedException("There is no unit \"" + unit + "\""));
            assign(handle, found, username);
            return found;
        });
    }

    private static void assign(Handle handle, Unit unit, String username) {
        String userId = AgentRepository.userIdOf(handle, username);
        UserRepository.grantRole(handle, userId, Roles.LIVECHAT_MONITOR);
        handle.createUpdate(SQL.get(Sql.ADD_MONITOR))
                .bindMap(Map.of("unitId", unit.id(), "userId", userId))
                .execute();
    }
}
