-- livechat/room: the birth of a chat. Its room and its inquiry are one row of inquiries (the room is its rid), put in
-- the queue of the visitor's department by this one INSERT, which names the visitor as its actor (the timeline's
-- 'arrived' step) and decides in the same statement whether the chat may come in at all (admitted): chats are
-- accepted without agents (:acceptWithoutAgents), or an agent of the department (of any department, for a visitor
-- in none) is on duty; and the department's queue holds fewer than :queueCap chats (V35's
-- department_queue_has_room, not asked without a cap: a flood cannot bury real visitors; 0 is no cap). :agentId becomes the inquiry's default agent (routed to it) when it is an agent of that
-- department (any agent, without one). A visitor's second open chat is impossible (inquiries_open_visitor_key): a
-- concurrent request of the same visitor that inserted first makes this one insert nothing, and the service then
-- answers with that chat. :priority and :sla (by id or name, V37's priority_id_of and sla_id_of; NULL for none) set the
-- inquiry's priority and SLA and with them its weight and estimate; one that names none is refused (priority_known,
-- sla_known) and nothing is inserted.
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
                AND (CAST(:queueCap AS bigint) <= 0
                     OR department_queue_has_room(coalesce(v.department_id, ''), CAST(:queueCap AS bigint))) AS admitted,
                pr.id AS priority_id, coalesce(pr.sort_item, 99) AS priority_weight,
                CAST(:priority AS text) IS NULL OR pr.id IS NOT NULL AS priority_known,
                s.id AS sla_id, coalesce(s.due_time_minutes, 9999999) AS estimated_waiting_time_queue,
                CAST(:sla AS text) IS NULL OR s.id IS NOT NULL AS sla_known
           FROM visitor AS v
           LEFT JOIN priorities AS pr ON pr.id = priority_id_of(CAST(:priority AS text))
           LEFT JOIN slas AS s ON s.id = sla_id_of(CAST(:sla AS text))),
     opened AS (
         INSERT INTO inquiries (id, rid, name, ts, status, department_id, visitor_id, default_agent_id, queued_at,
                                priority_id, priority_weight, sla_id, estimated_waiting_time_queue)
         SELECT :inquiryId, :rid, n.name, now(), 'queued', n.department_id, n.visitor_id, n.default_agent_id, now(),
                n.priority_id, n.priority_weight, n.sla_id, n.estimated_waiting_time_queue
           FROM intake AS n
          WHERE n.admitted AND n.priority_known AND n.sla_known
         ON CONFLICT (visitor_id) WHERE visitor_id IS NOT NULL AND status <> 'closed' DO NOTHING
         RETURNING *)
SELECT n.admitted, n.priority_known, n.sla_known, <visitor>, <room>
  FROM intake AS n
  JOIN visitor AS v ON v.id = n.visitor_id
  LEFT JOIN opened AS i ON true
  LEFT JOIN users AS tb ON tb.id = i.taken_by
