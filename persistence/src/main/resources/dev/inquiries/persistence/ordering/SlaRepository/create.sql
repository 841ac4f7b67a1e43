-- POST livechat/sla: a new SLA :id, unless another has its name or its due time (slas' unique keys decide, concurrent
-- creations included): no row then (error-duplicated-sla).
INSERT INTO slas (id, name, description, due_time_minutes)
VALUES (:id, :name, :description, :dueTimeInMinutes)
ON CONFLICT DO NOTHING
RETURNING id, name, description, due_time_minutes, updated_at
