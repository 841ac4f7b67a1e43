package dev.inquiries.persistence.testing;

import java.time.Instant;

import org.jdbi.v3.core.Jdbi;

/**
 * Arranges rows of the queue with plain SQL, the way an import or a DBA would write them; shared by the test
 * modules, like the databases it writes to.
 */
public final class QueueRows {

    private final Jdbi jdbi;

    public QueueRows(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public QueueRows department(String id, String name) {
        jdbi.useHandle(handle -> handle.createUpdate("INSERT INTO departments (id, name) VALUES (:id, :name)")
                .bind("id", id).bind("name", name).execute());
        return this;
    }

    public QueueRows inquiry(String id, String name, String ts, String status, String departmentId) {
        jdbi.useHandle(handle -> handle.createUpdate("""
                        INSERT INTO inquiries (id, rid, name, ts, status, department_id)
                        VALUES (:id, :rid, :name, :ts, :status, :department)""")
                .bind("id", id)
                .bind("rid", "room-" + id)
                .bind("name", name)
                .bind("ts", Instant.parse(ts))
                .bind("status", status)
                .bind("department", departmentId)
                .execute());
        return this;
    }

    public QueueRows queued(String id, String name, String ts, String departmentId) {
        return inquiry(id, name, ts, "queued", departmentId);
    }
}
