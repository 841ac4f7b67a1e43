-- livechat/room.close: the visitor of :token closes its room :rid, queued or served, in one conditional UPDATE that
-- names the visitor as its actor (the timeline's 'closed' step; a chat closed while queued is abandoned). Of
-- concurrent closes exactly one finds the room open: the others wait for its lock and then find it closed
-- (PostgreSQL re-checks status <> 'closed' on the row's newest version). The service tells the outcomes apart from
-- what the statement found: no visitor (invalid-token), no such room of the visitor (invalid-room), a room of the
-- visitor that this statement did not close (room-closed).
WITH visitor AS MATERIALIZED (
         SELECT v.id, set_config('inquiries.actor', v.id, true) AS actor
           FROM visitors AS v
          WHERE v.token = :token),
     closed AS (
         UPDATE inquiries AS i
            SET status = 'closed', closed_at = now(), closer = 'visitor', closed_by = v.id, close_comment = :comment
           FROM visitor AS v
          WHERE i.rid = :rid AND i.visitor_id = v.id AND i.status <> 'closed'
         RETURNING i.id)
SELECT v.id IS NOT NULL AS visitor_found,
       EXISTS (SELECT 1 FROM inquiries AS i WHERE i.rid = :rid AND i.visitor_id = v.id) AS room_found,
       EXISTS (SELECT 1 FROM closed) AS closed
  FROM (VALUES (1)) AS one (x)
  LEFT JOIN visitor AS v ON true
