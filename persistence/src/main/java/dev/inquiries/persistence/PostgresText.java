package dev.inquiries.persistence;

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
}
