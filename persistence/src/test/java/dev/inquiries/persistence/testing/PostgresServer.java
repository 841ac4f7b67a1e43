package dev.inquiries.persistence.testing;

/**
 * A PostgreSQL server on which tests may create and drop databases.
 */
interface PostgresServer {

    /** Where the server came from, for the log. */
    String description();

    /** A JDBC URL of the named database on this server, carrying the administrator's credentials. */
    String urlOf(String database);

    /** A JDBC URL of the named database on this server for another role. */
    String urlOf(String database, String role, String password);
}
