-- room.forward to an agent: the one statement that gives the open room :rid to the agent :agentId, who takes it
-- (taken, taken_at now). The UPDATE decides: only an open room the caller :callerId serves or oversees (<oversees>,
-- :oversight transfer-livechat-guest), not served by that agent already, while the agent is on duty (V26's
-- agents_on_duty); re-checked on the row's newest version, so of two concurrent moves of one room the second sees the
-- first. The agent's capacity (the next issue) is one more condition of this WHERE. The other columns tell the
-- refusals apart from the statement's snapshot (target.sql).
WITH target AS MATERIALIZED (<target>),
     moved AS (
         UPDATE inquiries AS i
            SET status = 'taken', taken_by = :agentId, taken_at = now()
          WHERE i.rid = :rid
            AND i.status <> 'closed'
            AND i.taken_by IS DISTINCT FROM :agentId
            AND EXISTS (SELECT 1 FROM agents_on_duty AS a WHERE a.user_id = :agentId)
            AND (i.taken_by = :callerId OR <oversees>)
         RETURNING i.id)
SELECT i.id IS NOT NULL AND coalesce(i.taken_by = :callerId OR <oversees>, false) AS found,
       coalesce(i.status = 'closed', false)                                AS closed,
       true                                                                AS authorized,
       true                                                                AS served,
       EXISTS (SELECT 1 FROM agents_on_duty AS a WHERE a.user_id = :agentId) AS target_known,
       coalesce(i.status = 'taken' AND i.taken_by = :agentId, false)       AS same_target,
       (SELECT count(*) FROM moved)                                        AS moved
  FROM (SELECT 1) AS one
  LEFT JOIN target AS i ON true
