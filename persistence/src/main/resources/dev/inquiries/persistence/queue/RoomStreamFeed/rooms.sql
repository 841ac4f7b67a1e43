-- room.stream: the state of the rooms :rids now (a new stream, or after a reset): their status, the queue of a queued
-- one (department key, '' for none) and its place in it (ts as text, read back in the same session, and id), and
-- the agent serving a taken one; no row for a room that is gone.
SELECT i.rid, i.status, CASE WHEN i.status = 'queued' THEN coalesce(i.department_id, '') END AS queue,
       CAST(i.ts AS text) AS ts, i.id AS inquiry_id,
       CASE WHEN i.status = 'taken' THEN i.taken_by END AS taken_by, tb.username AS taken_by_username
  FROM inquiries AS i
  LEFT JOIN users AS tb ON tb.id = i.taken_by AND i.status = 'taken'
 WHERE i.rid = ANY (CAST(:rids AS text[]))
