package dev.inquiries.persistence.queue;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;

import dev.inquiries.domain.Inquiry;
import dev.inquiries.domain.InquiryStatus;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

/** An inquiry from the columns {@code id, rid, name, ts, status, department_id} of a row. */
final class InquiryMapper implements RowMapper<Inquiry> {

    static final InquiryMapper INSTANCE = new InquiryMapper();

    private InquiryMapper() {
    }

    @Override
    public Inquiry map(ResultSet row, StatementContext context) throws SQLException {
        return new Inquiry(
                row.getString("id"),
                row.getString("rid"),
                row.getString("name"),
                row.getObject("ts", OffsetDateTime.class).toInstant(),
                InquiryStatus.fromWireName(row.getString("status")),
                row.getString("department_id"));
    }
}
