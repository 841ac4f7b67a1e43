package dev.inquiries.persistence.ordering;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

import dev.inquiries.domain.ordering.OrderingFields;

/**
 * An inquiry's V37 columns {@code priority_id, priority_weight, sla_id, estimated_waiting_time_queue} in a row, read
 * the one way every record and room reads them.
 */
public final class OrderingColumns {

    private OrderingColumns() {
    }

    /** The ordering fields in the row's columns of those names. */
    public static OrderingFields read(ResultSet row) throws SQLException {
        return new OrderingFields(Optional.ofNullable(row.getString("priority_id")), row.getInt("priority_weight"),
                Optional.ofNullable(row.getString("sla_id")), row.getInt("estimated_waiting_time_queue"));
    }
}
