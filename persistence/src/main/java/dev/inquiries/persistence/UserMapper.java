package dev.inquiries.persistence;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

/** A user from the columns {@code id, username, active} and the sorted text array {@code roles} of a row. */
final class UserMapper implements RowMapper<User> {

    static final UserMapper INSTANCE = new UserMapper();

    private UserMapper() {
    }

    @Override
    public User map(ResultSet row, StatementContext context) throws SQLException {
        return new User(
                row.getString("id"),
                row.getString("username"),
                List.of((String[]) row.getArray("roles").getArray()),
                row.getBoolean("active"));
    }
}
