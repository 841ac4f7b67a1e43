package dev.inquiries.persistence;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import dev.inquiries.domain.Inquiry;
import dev.inquiries.domain.InquiryRecord;
import dev.inquiries.domain.InquiryStatus;
import dev.inquiries.domain.Principal;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * The rows that several statements return, each read in one place: as Jdbi row mappers ({@code .map(Rows::user)}),
 * or within a mapper of a larger row.
 */
public final class Rows {

    private Rows() {
    }

    /** An inquiry from the columns {@code id, rid, name, ts, status, department_id}. */
    public static Inquiry inquiry(ResultSet row, StatementContext context) throws SQLException {
        return new Inquiry(row.getString("id"), row.getString("rid"), row.getString("name"),
                row.getObject("ts", OffsetDateTime.class).toInstant(), InquiryStatus.fromWireName(row.getString("status")),
                row.getString("department_id"));
    }

    /**
     * The visitor of an inquiry or its room ({@code v}) from the columns {@code visitor_id, visitor_username,
     * visitor_token}; none where {@code visitor_id} is {@code null} (a chat written by SQL without a visitor).
     */
    public static Optional<InquiryRecord.Visitor> visitor(ResultSet row) throws SQLException {
        String id = row.getString("visitor_id");
        return id == null ? Optional.empty()
                : Optional.of(new InquiryRecord.Visitor(id, row.getString("visitor_username"), row.getString("visitor_token")));
    }

    /** A caller from the columns {@code id, username} and the text arrays {@code roles, permissions}. */
    static Principal principal(ResultSet row, StatementContext context) throws SQLException {
        return new Principal(row.getString("id"), row.getString("username"), Set.of(texts(row, "roles")),
                Set.of(texts(row, "permissions")));
    }

    /** A user from the columns {@code id, username, active} and the sorted text array {@code roles}. */
    static User user(ResultSet row, StatementContext context) throws SQLException {
        return new User(row.getString("id"), row.getString("username"), List.of(texts(row, "roles")), row.getBoolean("active"));
    }

    /** A column of type {@code text[]}. */
    private static String[] texts(ResultSet row, String column) throws SQLException {
        return (String[]) row.getArray(column).getArray();
    }
}
