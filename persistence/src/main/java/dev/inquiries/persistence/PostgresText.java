package dev.inquiries.persistence;

import java.sql.Types;
import java.util.Map;

import org.jdbi.v3.core.statement.SqlStatement;

/**
 * What PostgreSQL's text type can hold. It cannot hold the NUL character, so a value containing one can
 * never equal a stored value; binding it anyway would make PostgreSQL fail the whole statement.
 */
public final class PostgresText {

    private PostgresText() {
    }

    /** Whether some stored text could equal this value. */
    public static boolean canBeStored(String value) {
        return value.indexOf('\0') < 0;
    }

    /**
     * The value to bind where a statement compares it with stored text: the value itself, or the empty string when
     * PostgreSQL cannot store it. No id or name is empty, so the empty string finds nothing, as the value could not.
     */
    public static String comparable(String value) {
        return canBeStored(value) ? value : "";
    }

    /**
     * Binds the parameters, each typed by its value, and a missing one (null) as text. Bound untyped, a null would be
     * sent as a parameter of no type and the same value as {@code varchar}: a statement run now with and now without
     * a value would change its parameters' types from call to call, and the driver would parse and plan it again every
     * time instead of keeping it prepared. So give only text parameters null values here.
     */
    public static <T extends SqlStatement<T>> T bind(T statement, Map<String, ?> parameters) {
        parameters.forEach((name, value) -> {
            if (value == null) {
                statement.bindNull(name, Types.VARCHAR);
            } else {
                statement.bind(name, value);
            }
        });
        return statement;
    }
}
