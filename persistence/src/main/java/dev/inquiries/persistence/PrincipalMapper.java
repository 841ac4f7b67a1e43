package dev.inquiries.persistence;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Set;

import dev.inquiries.domain.Principal;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

/** A caller from the columns {@code id, username} and the text arrays {@code roles, permissions} of a row. */
final class PrincipalMapper implements RowMapper<Principal> {

    static final PrincipalMapper INSTANCE = new PrincipalMapper();

    private PrincipalMapper() {
    }

    @Override
    public Principal map(ResultSet row, StatementContext context) throws SQLException {
        return new Principal(
                row.getString("id"),
                row.getString("username"),
                Set.of((String[]) row.getArray("roles").getArray()),
                Set.of((String[]) row.getArray("permissions").getArray()));
    }
}
