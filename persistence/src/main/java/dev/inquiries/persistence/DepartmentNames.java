package dev.inquiries.persistence;

/**
 * How a request names a department, written once for every statement that takes one: by id or by name, and
 * when one department's id is another's name, the id wins.
 */
public final class DepartmentNames {

    /** The id of the department {@code :department} names, or NULL when it names none: a scalar subquery. */
    public static final String ID_OF = """
            (SELECT d.id FROM departments d
              WHERE d.id = :department OR d.name = :department
              ORDER BY d.id = :department DESC
              LIMIT 1)""";

    private DepartmentNames() {
    }
}
