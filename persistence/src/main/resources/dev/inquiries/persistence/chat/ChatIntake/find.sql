-- livechat/room, livechat/config: the visitor of :token and its open room, :rid when given, else the one it has
-- (inquiries_open_visitor_key allows one); no row when no visitor has the token.
--   <visitor>  visitor.sql
--   <room>     room.sql
SELECT <visitor>, <room>
  FROM visitors AS v
  LEFT JOIN inquiries AS i
         ON i.visitor_id = v.id AND i.status <> 'closed' AND (CAST(:rid AS text) IS NULL OR i.rid = :rid)
  LEFT JOIN users AS tb ON tb.id = i.taken_by
 WHERE v.token = :token
