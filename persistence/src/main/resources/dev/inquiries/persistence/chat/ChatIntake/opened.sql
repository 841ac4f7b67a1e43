-- livechat/room: the rooms enqueue.sql opened (:rids), read again in its transaction after its triggers (routing may
-- have given them to agents), as room.sql and visitor.sql give them.
--   <visitor>  visitor.sql
--   <room>     room.sql
SELECT <visitor>, <room>
  FROM inquiries AS i
  JOIN visitors AS v ON v.id = i.visitor_id
  LEFT JOIN users AS tb ON tb.id = i.taken_by
 WHERE i.rid = ANY (CAST(:rids AS text[]))
