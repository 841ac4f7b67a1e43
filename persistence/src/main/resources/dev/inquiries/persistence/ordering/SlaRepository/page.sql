-- livechat/sla: a page of the SLAs with the total of the filter, in one statement (one snapshot).
--   :text            part of the name or the description, case-insensitively, or NULL for any
--   :limit, :offset  the page (:limit NULL: no limit)
--   <pageOrder>, <rowOrder>  the order over m and p (ListSort)
WITH matching AS MATERIALIZED (
     SELECT s.id, s.name, s.description, s.due_time_minutes, s.updated_at
       FROM slas AS s
      WHERE CAST(:text AS text) IS NULL
         OR strpos(lower(s.name), lower(CAST(:text AS text))) > 0
         OR strpos(lower(coalesce(s.description, '')), lower(CAST(:text AS text))) > 0)
SELECT t.total, p.id, p.name, p.description, p.due_time_minutes, p.updated_at
  FROM (SELECT count(*) AS total FROM matching) AS t
  LEFT JOIN LATERAL (
       SELECT m.* FROM matching AS m
        ORDER BY <pageOrder>
        LIMIT :limit OFFSET :offset) AS p ON true
 ORDER BY <rowOrder>
