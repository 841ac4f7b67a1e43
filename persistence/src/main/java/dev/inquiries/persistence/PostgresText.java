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
}
