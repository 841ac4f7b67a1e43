-- inquiries.getOne: the newest open inquiry of the room :roomId that the caller may see (a closed chat's is none);
-- no row without a valid token.
--   <caller>  the caller as a one-row relation (permitted, user_id, restricted) (CallerCheck)
--   <record>  record.sql
--   <sees>    whether the caller may see the inquiry i one by one (QueueVisibility)
WITH caller AS MATERIALIZED (<caller>)
SELECT c.permitted, x.*
  FROM caller AS c
  LEFT JOIN LATERAL (
       SELECT <record>
         FROM inquiries AS i
         LEFT JOIN users AS da ON da.id = i.default_agent_id
         LEFT JOIN users AS tb ON tb.id = i.taken_by
         LEFT JOIN visitors AS vi ON vi.id = i.visitor_id
        WHERE i.rid = :roomId AND i.status <> 'closed' AND c.permitted AND <sees>
        ORDER BY i.ts DESC, i.id COLLATE "C" DESC
        LIMIT 1) AS x ON true
