-- PUT livechat/sla/:id: changes the SLA :id, unless another has the new name or due time (error-duplicated-sla; the
-- unique keys are the backstop of a concurrent change). A new due time reaches its inquiries' estimates through V37's
-- foreign key (ON UPDATE CASCADE), each a 'changed' event of the stream.
WITH target AS MATERIALIZED (
         SELECT s.id FROM slas AS s WHERE s.id = :id),
     duplicate AS MATERIALIZED (
         SELECT EXISTS (SELECT 1 FROM slas AS s
                         WHERE s.id <> :id AND (s.name = :name OR s.due_time_minutes = :dueTimeInMinutes)) AS taken),
     changed AS (
         UPDATE slas AS s
            SET name = :name, description = :description, due_time_minutes = :dueTimeInMinutes, updated_at = now()
           FROM duplicate AS d
          WHERE s.id = :id AND NOT d.taken
         RETURNING s.id, s.name, s.description, s.due_time_minutes, s.updated_at)
SELECT EXISTS (SELECT 1 FROM target) AS found, d.taken AS duplicate, c.*
  FROM duplicate AS d
  LEFT JOIN changed AS c ON true
