package dev.inquiries.persistence;

import java.util.List;
import java.util.Map;

import dev.inquiries.domain.RandomIds;
import dev.inquiries.domain.Roles;
import org.jdbi.v3.core.Handle;

/**
 * Units: named groups of departments, and the monitors assigned to them. A monitor assigned here gets the
 * role {@code livechat-monitor} if it lacks it. A unit is named by id or by name, the id winning, as a
 * department is.
 */
public final class UnitRepository {

    private static final String UNIT_BY_NAME = """
            SELECT u.id, u.name FROM units u
             WHERE u.id = :unit OR u.name = :unit
             ORDER BY u.id = :unit DESC
             LIMIT 1""";

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
            int inserted = handle.createUpdate("INSERT INTO units (id, name) VALUES (:id, :name) ON CONFLICT DO NOTHING")
                    .bindMap(Map.of("id", unit.id(), "name", unit.name()))
                    .execute();
            if (inserted == 0) {
                throw new RequestRefusedException("The unit name \"" + name + "\" is taken");
            }
            for (String department : departments) {
                handle.createUpdate("""
                                INSERT INTO unit_departments (unit_id, department_id) VALUES (:unitId, :departmentId)
                                ON CONFLICT DO NOTHING""")
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
            Unit found = handle.createQuery(UNIT_BY_NAME)
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
        handle.createUpdate("INSERT INTO user_roles (user_id, role_id) VALUES (:userId, :role) ON CONFLICT DO NOTHING")
                .bindMap(Map.of("userId", userId, "role", Roles.LIVECHAT_MONITOR))
                .execute();
        handle.createUpdate("INSERT INTO unit_monitors (unit_id, user_id) VALUES (:unitId, :userId) ON CONFLICT DO NOTHING")
                .bindMap(Map.of("unitId", unit.id(), "userId", userId))
                .execute();
    }
}
