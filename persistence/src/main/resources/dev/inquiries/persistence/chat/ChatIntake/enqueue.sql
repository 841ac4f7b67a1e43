-- livechat/room: the birth of chats, those of one or more visitors at once (ChatIntake gathers the requests that
-- arrive together, each with its own :tokens ... :rids element, in the same order; a gathered statement shares
-- its triggers' work, routing's included, and one commit). Each room and its inquiry are one row of inquiries (the
-- room is its rid), put in the queue of its visitor's department by this one INSERT, which names each chat's visitor
-- as the actor of its 'arrived' step (inquiries.arrivals_by, V51) and decides per chat in the same statement whether
-- it may come in at all (admitted): chats are accepted without agents (:acceptWithoutAgents), or an agent of the
-- department (of any department, for a visitor in none) is on duty; and the department's queue holds fewer than
-- :queueCap chats (V35's department_queue_has_room, not asked without a cap: a flood cannot bury real visitors; 0 is
-- no cap), counting the chats of this statement ahead of it in that department. An :agentIds element becomes the
-- inquiry's default agent (routed to it) when it is an agent of that department (any agent, without one). A
-- visitor's second open chat is impossible (inquiries_open_visitor_key): a concurrent request of the same visitor
-- that inserted first, in this statement or another, makes this one insert nothing, and the service then answers
-- with that chat. :priorities and :slas elements (by id or name, V37's priority_id_of and sla_id_of; NULL for none)
-- set the inquiry's priority and SLA and with them its weight and estimate; one that names none is refused
-- (priority_known, sla_known) and nothing is inserted for it. A visitor with an open room already gets none
-- (had_open_room, as of the statement's start; the service answers with that room). One row per element whose token
-- names a visitor, by n (its place, from 1); rid is the room this statement opened for it, NULL when none.
-- A chat an agent can take at once is inserted taken (V52's route_arrivals chooses the agent, as routing would the
-- moment after, holding the queue; the timeline still shows it arriving, then taken); the others are inserted queued,
-- and the INSERT's trigger routes their queue as before.
WITH arrivals AS MATERIALIZED (
         SELECT a.n, v.id AS visitor_id, coalesce(v.name, v.username) AS name, v.department_id,
                a.agent_id, a.priority, a.sla, a.inquiry_id, a.rid,
                set_config('inquiries.arrivals_by', 'visitor', true) AS arrivals_by
           FROM unnest(CAST(:tokens AS text[]), CAST(:agentIds AS text[]), CAST(:priorities AS text[]),
                       CAST(:slas AS text[]), CAST(:inquiryIds AS text[]), CAST(:rids AS text[]))
                WITH ORDINALITY AS a(token, agent_id, priority, sla, inquiry_id, rid, n)
           JOIN visitors AS v ON v.token = a.token),
     checked AS MATERIALIZED (
         SELECT r.n, r.visitor_id, r.name, r.department_id, r.inquiry_id, r.rid,
                EXISTS (SELECT 1 FROM inquiries AS i
                         WHERE i.visitor_id = r.visitor_id AND i.status <> 'closed') AS had_open_room,
                (SELECT a.user_id
                   FROM livechat_agents AS a
                  WHERE a.user_id = r.agent_id
                    AND (r.department_id IS NULL
                         OR EXISTS (SELECT 1 FROM enabled_department_agents AS m
                                     WHERE m.user_id = a.user_id AND m.department_id = r.department_id))
                  LIMIT 1) AS default_agent_id,
                CAST(:acceptWithoutAgents AS boolean) OR EXISTS (
                    SELECT 1
                      FROM agents_on_duty AS d
                     WHERE r.department_id IS NULL
                        OR EXISTS (SELECT 1 FROM enabled_department_agents AS m
                                    WHERE m.user_id = d.user_id AND m.department_id = r.department_id)) AS staffed,
                pr.id AS priority_id, coalesce(pr.sort_item, 99) AS priority_weight,
                r.priority IS NULL OR pr.id IS NOT NULL AS priority_known,
                s.id AS sla_id, coalesce(s.due_time_minutes, 9999999) AS estimated_waiting_time_queue,
                r.sla IS NULL OR s.id IS NOT NULL AS sla_known
           FROM arrivals AS r
           LEFT JOIN priorities AS pr ON pr.id = priority_id_of(r.priority)
           LEFT JOIN slas AS s ON s.id = sla_id_of(r.sla)),
     intake AS MATERIALIZED (
         SELECT c.*,
                c.staffed
                AND (CAST(:queueCap AS bigint) <= 0
                     OR (c.ahead < CAST(:queueCap AS bigint)
                         AND department_queue_has_room(coalesce(c.department_id, ''),
                                                       CAST(:queueCap AS bigint) - c.ahead))) AS admitted
           FROM (SELECT k.*,
                        -- The chats of this statement before it that would enter the same queue.
                        count(*) FILTER (WHERE NOT k.had_open_room AND k.staffed AND k.priority_known AND k.sla_known)
                            OVER (PARTITION BY coalesce(k.department_id, '') ORDER BY k.n
                                  ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS ahead
                   FROM checked AS k) AS c),
     entering AS MATERIALIZED (
         SELECT n.*,
                -- A visitor's second element in this statement would conflict with its first: never routed.
                row_number() OVER (PARTITION BY n.visitor_id ORDER BY n.n) = 1 AS visitors_first
           FROM intake AS n
          WHERE NOT n.had_open_room AND n.admitted AND n.priority_known AND n.sla_known),
     planned AS MATERIALIZED (
         SELECT p.inquiry_id, p.agent_id
           FROM (SELECT array_agg(e.inquiry_id) AS ids, array_agg(coalesce(e.department_id, '')) AS queues,
                        array_agg(e.visitor_id) AS visitors, array_agg(e.default_agent_id) AS defaults,
                        array_agg(e.priority_weight) AS weights, array_agg(e.estimated_waiting_time_queue) AS estimates
                   FROM entering AS e
                  WHERE e.visitors_first) AS a,
                route_arrivals(a.ids, a.queues, a.visitors, a.defaults, a.weights, a.estimates) AS p),
     opened AS (
         INSERT INTO inquiries (id, rid, name, ts, status, department_id, visitor_id, default_agent_id, queued_at,
                                priority_id, priority_weight, sla_id, estimated_waiting_time_queue, taken_by, taken_at)
         SELECT n.inquiry_id, n.rid, n.name, now(), CASE WHEN p.agent_id IS NULL THEN 'queued' ELSE 'taken' END,
                n.department_id, n.visitor_id, n.default_agent_id, now(),
                n.priority_id, n.priority_weight, n.sla_id, n.estimated_waiting_time_queue,
                p.agent_id, CASE WHEN p.agent_id IS NOT NULL THEN now() END
           FROM entering AS n
           LEFT JOIN planned AS p ON p.inquiry_id = n.inquiry_id
          ORDER BY n.n
         ON CONFLICT (visitor_id) WHERE visitor_id IS NOT NULL AND status <> 'closed' DO NOTHING
         RETURNING rid)
SELECT n.n, n.had_open_room, n.admitted, n.priority_known, n.sla_known, o.rid
  FROM intake AS n
  LEFT JOIN opened AS o ON o.rid = n.rid
 ORDER BY n.n
