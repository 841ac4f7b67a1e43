-- livechat/room: the birth of a chat. Its room and its inquiry are one row of inquiries (the room is its rid), put in
-- the queue of the visitor's department by this one INSERT, which names the visitor as its actor (the timeline's
-- 'arrived' step) and decides in the same statement whether the chat may come in at all (admitted): chats are
-- accepted without agents (:acceptWithoutAgents), or an agent of the department (of any department, for a visitor
-- in none) is on duty; and the department's queue holds fewer than :queueCap chats (V35's
-- department_queue_has_room: a flood cannot bury real visitors; 0 is no cap). :agentId becomes the inquiry's default agent (routed to it) when it is an agent of that
-- department (any agent, without one). A visitor's second open chat is impossible (inquiries_open_visitor_key): a
-- concurrent request of the same visitor that inserted first makes this one insert nothing, and the service then
-- answers with that chat.
--   <visitor>  visitor.sql
--   <room>     room.sql
WITH visitor AS MATERIALIZED (
         SELECT v.*, set_config('inquiries.actor', v.id, true) AS actor
           FROM visitors AS v
          WHERE v.id = :visitorId),
     intake AS MATERIALIZED (
         SELECT v.id AS visitor_id, coalesce(v.name, v.username) AS name, v.department_id,
                (SELECT a.user_id
                   FROM livechat_agents AS a
                  WHERE a.user_id = CAST(:agentId AS text)
                    AND (v.department_id IS NULL
                         OR EXISTS (SELECT 1 FROM enabled_department_agents AS m
                                     WHERE m.user_id = a.user_id AND m.department_id = v.department_id))
                  LIMIT 1) AS default_agent_id,
                (CAST(:acceptWithoutAgents AS boolean) OR EXISTS (
                    SELECT 1
                      FROM agents_on_duty AS d
                     WHERE v.department_id IS NULL
                        OR EXISTS (SELECT 1 FROM enabled_department_agents AS m
                                    WHERE m.user_id = d.user_id AND m.department_id = v.department_id)))
                AND department_queue_has_room(coalesce(v.department_id, ''), CAST(:queueCap AS bigint)) AS admitted
           FROM visitor AS v),
     opened AS (
         INSERT INTO inquiries (id, rid, name, ts, status, department_id, visitor_id, default_agent_id, queued_at)
         SELECT :inquiryId, :rid, n.name, now(), 'queued', n.department_id, n.visitor_id, n.default_agent_id, now()
           FROM intake AS n
          WHERE n.admitted
         ON CONFLICT (visitor_id) WHERE visitor_id IS NOT NULL AND status <> 'closed' DO NOTHING
         RETURNING *)
SELECT n.admitted, <visitor>, <room>
  FROM intake AS n
  JOIN visitor AS v ON v.id = n.visitor_id
  LEFT JOIN opened AS i ON true
  LEFT JOIN users AS tb ON tb.id = i.taken_by
