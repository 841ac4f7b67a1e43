package dev.inquiries.persistence;

/**
 * How a request names a department, for every statement that takes one: V30's {@code department_id_of}, by id or by
 * name, and when one department's id is another's name, the id wins.
 */
public final class DepartmentNames {

    /** The id of the department {@code :department} names, or NULL when it names none: a scalar expression. */
    public static final String ID_OF = "department_id_of(CAST(:department AS text))";

    private DepartmentNames() {
    }
}
