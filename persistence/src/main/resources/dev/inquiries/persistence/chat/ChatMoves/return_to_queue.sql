-- inquiries.returnAsInquiry: the one statement that puts the served room :rid back in the queue for the caller
-- :callerId: queued now, nobody serving or routed to, its ts (its place) unchanged, into the enabled department
-- :departmentId when one is given. The UPDATE decides: only a taken room, served by the caller or in the oversight
-- of a holder of :oversight (view-livechat-manager), re-checked on the row's newest version. The other columns tell
-- the refusals and "not served" apart from the statement's snapshot (target.sql).
WITH target AS MATERIALIZED (<target>),
     department AS MATERIALIZED (
         SELECT d.id FROM departments AS d WHERE d.id = CAST(:departmentId AS text) AND d.enabled),
     moved AS (
         UPDATE inquiries AS i
            SET status = 'queued', queued_at = now(), taken_at = NULL, taken_by = NULL, default_agent_id = NULL,
                department_id = coalesce((SELECT d.id FROM department AS d), i.department_id)
          WHERE i.rid = :rid
            AND i.status = 'taken'
            AND (CAST(:departmentId AS text) IS NULL OR EXISTS (SELECT 1 FROM department))
            AND (i.taken_by = :callerId OR <oversees>)
         RETURNING i.id)
SELECT i.id IS NOT NULL                                                               AS found,
       coalesce(i.status = 'closed', false)                                           AS closed,
       coalesce((i.status = 'taken' AND i.taken_by = :callerId) OR <oversees>, false) AS authorized,
       coalesce(i.status = 'taken', false)                                            AS served,
       CAST(:departmentId AS text) IS NULL OR EXISTS (SELECT 1 FROM department)       AS target_known,
       false                                                                          AS same_target,
       (SELECT count(*) FROM moved)                                                   AS moved
  FROM (SELECT 1) AS one
  LEFT JOIN target AS i ON true
