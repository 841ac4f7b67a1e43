-- A room's columns (ChatIntake.readRoom) over i (its inquiry: the room is its rid) and tb (the agent serving it),
-- beside visitor.sql's over its visitor.
i.id AS inquiry_id, i.rid, i.name AS fname, i.ts, i.status, i.department_id, i.updated_at, i.queued_at, i.taken_at,
i.taken_by, tb.username AS taken_by_username, i.closed_at, i.closer,
i.priority_id, i.priority_weight, i.sla_id, i.estimated_waiting_time_queue
