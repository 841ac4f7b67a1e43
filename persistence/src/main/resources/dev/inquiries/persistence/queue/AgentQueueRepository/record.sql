-- The getOne record's columns over i (the inquiry) and the users it names, da (routed to) and tb (taken by).
i.id, i.rid, i.name, i.ts, i.status, i.department_id, i.updated_at, i.queued_at, i.taken_at,
i.default_agent_id, da.username AS default_agent_username, i.taken_by, tb.username AS taken_by_username
