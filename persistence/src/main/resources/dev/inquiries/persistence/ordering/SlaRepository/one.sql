-- livechat/sla/:id: the SLA :id; no row when there is none.
SELECT s.id, s.name, s.description, s.due_time_minutes, s.updated_at
  FROM slas AS s
 WHERE s.id = :id
