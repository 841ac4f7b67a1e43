-- The getOne record's columns over i (the inquiry), the users it names, da (routed to) and tb (taken by), and vi (its
-- visitor).
i.id, i.rid, i.name, i.ts, i.status, i.department_id, i.updated_at, i.queued_at, i.taken_at,
i.default_agent_id, da.username AS default_agent_username, i.taken_by, tb.username AS taken_by_username,
i.priority_id, i.priority_weight, i.sla_id, i.estimated_waiting_time_queue,
vi.id AS visitor_id, vi.username AS visitor_username, vi.token AS visitor_token
