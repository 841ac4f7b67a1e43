-- The open chat of visitor :visitorId takes the visitor's name (the inquiry's name is the room's fname: a rename is a
-- 'changed' event on the stream, by the queue's triggers), with the visitor as the actor of its step. Run after
-- register.sql found the name stale; it reads the name as committed, so a later registration that renamed the visitor
-- again wins, and running it twice renames once.
WITH actor AS MATERIALIZED (
         SELECT set_config('inquiries.actor', CAST(:visitorId AS text), true) AS actor)
UPDATE inquiries AS i
   SET name = v.name
  FROM visitors AS v, actor AS a
 WHERE v.id = :visitorId AND i.visitor_id = v.id AND i.status <> 'closed' AND v.name IS NOT NULL
   AND i.name IS DISTINCT FROM v.name
