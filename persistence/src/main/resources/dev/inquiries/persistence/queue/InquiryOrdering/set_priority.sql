-- livechat/room/:rid/priority (POST, DELETE): gives the room :rid's open inquiry the priority :priorityId, or none when
-- it is NULL, for the caller :callerId, in one conditional UPDATE that names the caller as its actor and re-checks,
-- on the row's newest version, that the room is open and that the caller sees it (getOne's rule). The weight follows
-- the priority (V37's foreign key keeps them equal). An update that changes nothing records nothing; one that does
-- is a 'changed' event of the stream. The other columns tell the refusals apart from the statement's snapshot.
--   <restricted>  whether the caller is a restricted monitor (QueueVisibility)
--   <sees>        whether the caller sees the inquiry i (QueueVisibility's getOne rule)
WITH caller AS MATERIALIZED (
         SELECT CAST(:callerId AS text) AS user_id, <restricted> AS restricted,
                set_config('inquiries.actor', :callerId, true) AS actor),
     target AS MATERIALIZED (
         SELECT i.id, i.status
           FROM inquiries AS i, caller AS c
          WHERE i.rid = :rid AND <sees>
          ORDER BY i.status = 'closed', i.ts DESC, i.id COLLATE "C" DESC
          LIMIT 1),
     priority AS MATERIALIZED (
         SELECT p.id, p.sort_item FROM priorities AS p WHERE p.id = CAST(:priorityId AS text)),
     changed AS (
         UPDATE inquiries AS i
            SET priority_id = p.id, priority_weight = coalesce(p.sort_item, 99)
           FROM caller AS c
          CROSS JOIN target AS t
           LEFT JOIN priority AS p ON true
          WHERE i.id = t.id
            AND i.status <> 'closed'
            AND (CAST(:priorityId AS text) IS NULL OR p.id IS NOT NULL)
            AND <sees>
         RETURNING i.id)
SELECT t.id IS NOT NULL                                                       AS found,
       coalesce(t.status = 'closed', false)                                   AS closed,
       CAST(:priorityId AS text) IS NULL OR EXISTS (SELECT 1 FROM priority)   AS known,
       EXISTS (SELECT 1 FROM changed)                                         AS changed
  FROM (SELECT 1) AS one
  LEFT JOIN target AS t ON true
