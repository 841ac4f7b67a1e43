-- Routing one chat cost PostgreSQL ~9.8 ms (bench/routing.sh's floor: an INSERT of a queued chat under
-- Load_Balancing, 97 a second from one session, against ~1,050 without routing), and every intake of one queue waits
-- for the one before it (the queue's routing lock), so that time is the queue's ceiling. Most of it was planning:
-- a LANGUAGE sql function with a SET clause (search_path here) is never inlined and keeps no plan, so each call
-- parses and plans its statement again. routing_candidate alone planned for 1.1-1.6 ms to execute for 0.4-0.7, twice
-- per routed chat; assign_inquiry, agent_within_capacity, agent_capacity, agent_hold and the rest added their own.
-- The same bodies in PL/pgSQL keep their plans for the session (a pooled connection's, so across transactions).
--
-- Nothing else changes: each keeps its volatility (so its snapshot: a STABLE one reads with its caller's, a VOLATILE
-- one takes one per statement), strictness, SET clauses and result on no row (NULL, or no row for assign_inquiry);
-- `#variable_conflict use_column` makes a name that is both a column and a parameter the column, as in SQL functions.
-- routing_candidate plans once for every method and department (`plan_cache_mode = force_generic_plan`): its custom
-- plans, which PostgreSQL would otherwise keep choosing, cost more to make than the generic one costs to run.
SET LOCAL lock_timeout = '5s';

CREATE OR REPLACE FUNCTION routing_candidate(method text, department text, only_agent text, passed text[]) RETURNS text
    LANGUAGE plpgsql STABLE
    SET search_path = "${flyway:defaultSchema}"
    SET plan_cache_mode = force_generic_plan
AS $$
#variable_conflict use_column
BEGIN
    RETURN (
    WITH limits AS (
             SELECT nullif(s.max_chats_per_agent, 0) AS desk_cap,
                    (SELECT nullif(d.max_chats, 0) FROM departments AS d
                      WHERE d.id = routing_candidate.department) AS department_cap
               FROM desk_settings AS s),
         candidates AS (
             SELECT u.id, u.username, nullif(u.livechat_max_chats, 0) AS own_cap, m.id AS membership_id
               FROM agents_on_duty AS d
               JOIN users AS u ON u.id = d.user_id
               LEFT JOIN enabled_department_agents AS m
                 ON m.user_id = d.user_id AND m.department_id = routing_candidate.department
              WHERE (routing_candidate.department IS NULL OR m.id IS NOT NULL)
                AND (routing_candidate.only_agent IS NULL OR d.user_id = routing_candidate.only_agent)
                AND d.user_id <> ALL (routing_candidate.passed)),
         loads AS (
             SELECT i.taken_by AS user_id, count(*) AS open_chats,
                    count(*) FILTER (WHERE i.department_id = routing_candidate.department) AS open_here
               FROM inquiries AS i
              WHERE i.status = 'taken' AND i.taken_by IN (SELECT c.id FROM candidates AS c)
              GROUP BY i.taken_by)
    SELECT c.id
      FROM candidates AS c
     CROSS JOIN limits AS l
      LEFT JOIN loads AS o ON o.user_id = c.id
      LEFT JOIN agent_routing AS r ON r.user_id = c.id
      LEFT JOIN department_agents AS da ON da.id = c.membership_id
     WHERE (coalesce(c.own_cap, l.desk_cap) IS NULL OR coalesce(o.open_chats, 0) + 1 <= coalesce(c.own_cap, l.desk_cap))
       AND (l.department_cap IS NULL OR coalesce(o.open_here, 0) + 1 <= l.department_cap)
     ORDER BY
       -- Auto_Selection: the fewest chats routed to it so far (in the department), then username.
       CASE WHEN routing_candidate.method = 'Auto_Selection' THEN coalesce(da.chats_routed, r.chats_routed, 0) END,
       -- Load_Balancing: the fewest open chats now, then the longest since last routed.
       CASE WHEN routing_candidate.method = 'Load_Balancing' THEN coalesce(o.open_chats, 0) END,
       -- Load_Rotation (and Load_Balancing's tie-break): routed longest ago (never first).
       CASE WHEN routing_candidate.method IN ('Load_Balancing', 'Load_Rotation') THEN r.last_routed_at END NULLS FIRST,
       c.username COLLATE "C", c.id
     LIMIT 1);
END
$$;

CREATE OR REPLACE FUNCTION assign_inquiry(inquiry_id text, agent_id text) RETURNS SETOF inquiries
    LANGUAGE plpgsql VOLATILE
    SET search_path = "${flyway:defaultSchema}"
AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY
    UPDATE inquiries AS i
       SET status = 'taken', taken_by = assign_inquiry.agent_id, taken_at = now()
     WHERE i.id = assign_inquiry.inquiry_id
       AND inquiry_is_queued(i.status)
    RETURNING i.*;
END
$$;

CREATE OR REPLACE FUNCTION agent_capacity(agent_id text) RETURNS integer
    LANGUAGE plpgsql STABLE
    SET search_path = "${flyway:defaultSchema}"
AS $$
#variable_conflict use_column
BEGIN
    RETURN (SELECT CASE WHEN u.livechat_max_chats > 0 THEN u.livechat_max_chats
                        WHEN s.max_chats_per_agent > 0 THEN s.max_chats_per_agent END
              FROM users AS u CROSS JOIN desk_settings AS s
             WHERE u.id = agent_capacity.agent_id
             LIMIT 1);
END
$$;

CREATE OR REPLACE FUNCTION agent_within_capacity(agent_id text, department text, extra integer) RETURNS boolean
    LANGUAGE plpgsql STABLE
    SET search_path = "${flyway:defaultSchema}"
AS $$
#variable_conflict use_column
BEGIN
    RETURN (SELECT (cap IS NULL OR (SELECT count(*) FROM inquiries AS i
                                     WHERE i.taken_by = agent_within_capacity.agent_id AND i.status = 'taken')
                                    + agent_within_capacity.extra <= cap)
               AND (dcap IS NULL OR (SELECT count(*) FROM inquiries AS i
                                      WHERE i.taken_by = agent_within_capacity.agent_id AND i.status = 'taken'
                                        AND i.department_id = agent_within_capacity.department)
                                    + agent_within_capacity.extra <= dcap)
              FROM (SELECT agent_capacity(agent_within_capacity.agent_id) AS cap,
                           (SELECT nullif(d.max_chats, 0) FROM departments AS d
                             WHERE d.id = agent_within_capacity.department) AS dcap) AS limits);
END
$$;

CREATE OR REPLACE FUNCTION agent_has_limit(agent_id text, department text) RETURNS boolean
    LANGUAGE plpgsql STABLE
    SET search_path = "${flyway:defaultSchema}"
AS $$
#variable_conflict use_column
BEGIN
    RETURN agent_capacity(agent_has_limit.agent_id) IS NOT NULL
        OR EXISTS (SELECT 1 FROM departments AS d WHERE d.id = agent_has_limit.department AND d.max_chats > 0);
END
$$;

CREATE OR REPLACE FUNCTION agent_hold(agent_id text) RETURNS void
    LANGUAGE plpgsql VOLATILE
    SET search_path = "${flyway:defaultSchema}"
AS $$
#variable_conflict use_column
BEGIN
    INSERT INTO agent_routing AS r (user_id, held_at) VALUES (agent_hold.agent_id, now())
    ON CONFLICT (user_id) DO UPDATE SET held_at = excluded.held_at;
END
$$;

CREATE OR REPLACE FUNCTION agent_queues(agent_ids text[]) RETURNS text[]
    LANGUAGE plpgsql STABLE
    SET search_path = "${flyway:defaultSchema}"
    SET enable_nestloop = on
AS $$
#variable_conflict use_column
BEGIN
    RETURN ARRAY(SELECT m.department_id FROM enabled_department_agents AS m WHERE m.user_id = ANY (agent_queues.agent_ids)
                 UNION SELECT '' WHERE cardinality(agent_queues.agent_ids) > 0);
END
$$;

CREATE OR REPLACE FUNCTION routing_is_manual() RETURNS boolean
    LANGUAGE plpgsql STABLE
    SET search_path = "${flyway:defaultSchema}"
AS $$
BEGIN
    RETURN coalesce((SELECT s.routing_method = 'Manual_Selection' FROM desk_settings AS s LIMIT 1), true);
END
$$;

CREATE OR REPLACE FUNCTION desk_has_chat_limits() RETURNS boolean
    LANGUAGE plpgsql STABLE
    SET search_path = "${flyway:defaultSchema}"
AS $$
BEGIN
    RETURN EXISTS (SELECT 1 FROM desk_settings AS s WHERE s.max_chats_per_agent > 0)
        OR EXISTS (SELECT 1 FROM users AS u WHERE u.livechat_max_chats > 0)
        OR EXISTS (SELECT 1 FROM departments AS d WHERE d.max_chats > 0);
END
$$;

CREATE OR REPLACE FUNCTION department_queue_has_room(department_key text, cap bigint) RETURNS boolean
    LANGUAGE plpgsql STABLE
    SET search_path = "${flyway:defaultSchema}"
AS $$
#variable_conflict use_column
BEGIN
    RETURN department_queue_has_room.cap <= 0
        OR coalesce((SELECT sum(counts.queued)
                       FROM queue_counts AS counts
                      WHERE counts.department_key = department_queue_has_room.department_key), 0)
           < department_queue_has_room.cap;
END
$$;

CREATE OR REPLACE FUNCTION department_id_of(named text) RETURNS text
    LANGUAGE plpgsql STABLE STRICT
    SET search_path = "${flyway:defaultSchema}"
AS $$
#variable_conflict use_column
BEGIN
    RETURN (SELECT d.id
              FROM departments d
             WHERE d.id = department_id_of.named OR d.name = department_id_of.named
             ORDER BY d.id = department_id_of.named DESC
             LIMIT 1);
END
$$;

CREATE OR REPLACE FUNCTION priority_id_of(named text) RETURNS text
    LANGUAGE plpgsql STABLE STRICT
    SET search_path = "${flyway:defaultSchema}"
AS $$
#variable_conflict use_column
BEGIN
    RETURN (SELECT p.id
              FROM priorities p
             WHERE p.id = priority_id_of.named OR coalesce(p.name, p.i18n) = priority_id_of.named
             ORDER BY p.id = priority_id_of.named DESC, p.sort_item
             LIMIT 1);
END
$$;

CREATE OR REPLACE FUNCTION sla_id_of(named text) RETURNS text
    LANGUAGE plpgsql STABLE STRICT
    SET search_path = "${flyway:defaultSchema}"
AS $$
#variable_conflict use_column
BEGIN
    RETURN (SELECT s.id
              FROM slas s
             WHERE s.id = sla_id_of.named OR s.name = sla_id_of.named
             ORDER BY s.id = sla_id_of.named DESC
             LIMIT 1);
END
$$;
