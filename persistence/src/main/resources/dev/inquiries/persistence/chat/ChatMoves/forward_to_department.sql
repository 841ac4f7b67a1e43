-- room.forward to a department (Manual_Selection): the one statement that puts the open room :rid in the queue of the
-- enabled department :departmentId: queued now, nobody serving or routed to, its ts (its place) unchanged. The UPDATE
-- decides: only an open room of another department that the caller :callerId serves or oversees (<oversees>,
-- :oversight transfer-livechat-guest), re-checked on the row's newest version. The other columns tell the refusals
-- apart from the statement's snapshot (target.sql).
WITH target AS MATERIALIZED (<target>),
     department AS MATERIALIZED (
         SELECT d.id FROM departments AS d WHERE d.id = :departmentId AND d.enabled),
     moved AS (
         UPDATE inquiries AS i
            SET status = 'queued', queued_at = now(), taken_at = NULL, taken_by = NULL, default_agent_id = NULL,
                department_id = :departmentId
          WHERE i.rid = :rid
            AND i.status <> 'closed'
            AND i.department_id IS DISTINCT FROM :departmentId
            AND EXISTS (SELECT 1 FROM department)
            AND (i.taken_by = :callerId OR <oversees>)
         RETURNING i.id)
SELECT i.id IS NOT NULL AND coalesce(i.taken_by = :callerId OR <oversees>, false) AS found,
       coalesce(i.status = 'closed', false)                      AS closed,
       true                                                      AS authorized,
       true                                                      AS served,
       EXISTS (SELECT 1 FROM department)                         AS target_known,
       coalesce(i.department_id = :departmentId, false)          AS same_target,
       (SELECT count(*) FROM moved)                              AS moved
  FROM (SELECT 1) AS one
  LEFT JOIN target AS i ON true
