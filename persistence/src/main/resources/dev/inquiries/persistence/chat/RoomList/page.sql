-- livechat/rooms: a page of rooms (a room is its inquiry row, V32) with the total of the filter, in one statement
-- (one snapshot). The caller is :viewerId; <filter> is filter.sql; :limit (NULL: none), :offset the page;
-- <pageOrder>, <rowOrder> the order over i and p (ListSort), ending with the room's id.
WITH caller AS MATERIALIZED (
     SELECT EXISTS (SELECT 1 FROM restricted_monitors AS r WHERE r.user_id = CAST(:viewerId AS text)) AS restricted)
SELECT t.total, p.*
  FROM (SELECT count(*) AS total FROM inquiries AS i WHERE <filter>) AS t
  LEFT JOIN LATERAL (
       -- The page first, from the rooms alone (the index on ts, rid for the default order), then its names.
       SELECT r.*, tb.username AS taken_by_username,
              v.id AS visitor_id, v.username AS visitor_username, v.token AS visitor_token
         FROM (SELECT i.rid, i.id AS inquiry_id, i.name, i.ts, i.department_id, i.status, i.queued_at, i.updated_at, i.closed_at,
                      i.closer, i.taken_at, i.taken_by, i.visitor_id AS room_visitor_id, i.priority_id, i.priority_weight,
                      i.sla_id, i.estimated_waiting_time_queue
                 FROM inquiries AS i
                WHERE <filter>
                ORDER BY <pageOrder>
                LIMIT :limit OFFSET :offset) AS r
         LEFT JOIN users AS tb ON tb.id = r.taken_by
         LEFT JOIN visitors AS v ON v.id = r.room_visitor_id) AS p ON true
 ORDER BY <rowOrder>
