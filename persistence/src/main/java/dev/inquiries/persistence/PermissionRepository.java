package dev.inquiries.persistence;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.jdbi.v3.core.statement.StatementContext;

/**
 * The grants of permissions to roles ({@code role_permissions}, V2), as {@code permissions.listAll} lists them so
 * that a client (the queue page, Rocket.Chat's own) decides what to show from what the API grants. Operators
 * change grants with SQL; the next read shows the change.
 */
public final class PermissionRepository {

    /** This class's statements, each in the {@code .sql} file of its name beside it. */
    private enum Sql { GRANTS }

    private static final Map<Sql, String> SQL = SqlFiles.all(PermissionRepository.class, Sql.class);

    /** This class's statements, each in its one shape, for the catalog ({@link Statements}). */
    static List<StatementShape> statements() {
        return SqlFiles.shapes(PermissionRepository.class, SQL, Set.of());
    }

    private final Database database;

    public PermissionRepository(Database database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    /** Every permission with its roles, by id, and when the database read them. */
    public Grants grants() {
        List<Row> rows = database.withHandle(handle -> handle.createQuery(SQL.get(Sql.GRANTS))
                .map(PermissionRepository::row)
                .list());
        return new Grants(rows.stream().flatMap(row -> row.grant().stream()).toList(), rows.getFirst().readAt());
    }

    private static Row row(ResultSet row, StatementContext context) throws SQLException {
        Instant readAt = row.getObject("read_at", OffsetDateTime.class).toInstant();
        String id = row.getString("id");
        return new Row(readAt, id == null ? Optional.empty()
                : Optional.of(new PermissionGrant(id, Arrays.asList((String[]) row.getArray("roles").getArray()))));
    }

    /** A row of {@code grants.sql}: the time of the read, and a permission unless there is none. */
    private record Row(Instant readAt, Optional<PermissionGrant> grant) {
    }

    /**
     * The grants as read at one moment.
     *
     * @param permissions every permission with its roles, by id
     * @param readAt      when the database read them (its transaction's time)
     */
    public record Grants(List<PermissionGrant> permissions, Instant readAt) {

        public Grants {
            permissions = List.copyOf(permissions);
            Objects.requireNonNull(readAt, "readAt");
        }
    }
}
