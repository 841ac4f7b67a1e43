-- Routing, cheaper per chat (bench/routing.sh measured 42 routed chats/s and about 3 ms of PostgreSQL time per chat,
-- most of it in routing_candidate: per agent on duty, a call of agent_within_capacity, which is not inlined, and two
-- counts). Same rules, same choices, fewer looks:
-- * routing_candidate counts the open chats of every candidate in one aggregate over the serving index, and reads the
--   limits once;
-- * route_queues holds an agent (and asks again) only when the agent has a limit to keep: an agent without any limit
--   cannot be over capacity, and the capacity trigger takes no hold for it either;
-- * next_waiting_chat is one static statement per order and kind of queue (plans kept), not one built per call.
SET LOCAL lock_timeout = '5s';

CREATE OR REPLACE FUNCTION routing_candidate(method text, department text, only_agent text, passed text[]) RETURNS text
    LANGUAGE sql STABLE
    SET search_path = "${flyway:defaultSchema}"
AS $$
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
       CASE WHEN method = 'Auto_Selection' THEN coalesce(da.chats_routed, r.chats_routed, 0) END,
       -- Load_Balancing: the fewest open chats now, then the longest since last routed.
       CASE WHEN method = 'Load_Balancing' THEN coalesce(o.open_chats, 0) END,
       -- Load_Rotation (and Load_Balancing's tie-break): routed longest ago (never first).
       CASE WHEN method IN ('Load_Balancing', 'Load_Rotation') THEN r.last_routed_at END NULLS FIRST,
       c.username COLLATE "C", c.id
     LIMIT 1
$$;

-- Whether the agent has a limit to keep in the department (its own, the desk's or the department's).
CREATE FUNCTION agent_has_limit(agent_id text, department text) RETURNS boolean
    LANGUAGE sql STABLE
    SET search_path = "${flyway:defaultSchema}"
AS $$
    SELECT agent_capacity(agent_has_limit.agent_id) IS NOT NULL
        OR EXISTS (SELECT 1 FROM departments AS d WHERE d.id = agent_has_limit.department AND d.max_chats > 0)
$$;

CREATE OR REPLACE FUNCTION next_waiting_chat(queue text, passed text[], OUT id text, OUT default_agent_id text)
    LANGUAGE plpgsql
    SET search_path = "${flyway:defaultSchema}"
AS $$
DECLARE
    head timestamptz := coalesce((SELECT h.head FROM queue_heads AS h WHERE h.department_key = queue), '-infinity');
    sorting text := (SELECT s.sorting_mechanism FROM desk_settings AS s);
BEGIN
    IF queue = '' THEN
        IF sorting = 'Priority' THEN
            SELECT i.id, i.default_agent_id INTO id, default_agent_id FROM inquiries AS i
             WHERE i.status = 'queued' AND i.department_id IS NULL AND i.ts >= head AND i.id <> ALL (passed)
             ORDER BY i.priority_weight, i.ts, i.id COLLATE "C" LIMIT 1 FOR UPDATE SKIP LOCKED;
        ELSIF sorting = 'SLAs' THEN
            SELECT i.id, i.default_agent_id INTO id, default_agent_id FROM inquiries AS i
             WHERE i.status = 'queued' AND i.department_id IS NULL AND i.ts >= head AND i.id <> ALL (passed)
             ORDER BY i.estimated_waiting_time_queue, i.ts, i.id COLLATE "C" LIMIT 1 FOR UPDATE SKIP LOCKED;
        ELSE
            SELECT i.id, i.default_agent_id INTO id, default_agent_id FROM inquiries AS i
             WHERE i.status = 'queued' AND i.department_id IS NULL AND i.ts >= head AND i.id <> ALL (passed)
             ORDER BY i.ts, i.id COLLATE "C" LIMIT 1 FOR UPDATE SKIP LOCKED;
        END IF;
    ELSIF sorting = 'Priority' THEN
        SELECT i.id, i.default_agent_id INTO id, default_agent_id FROM inquiries AS i
         WHERE i.status = 'queued' AND i.department_id = queue AND i.ts >= head AND i.id <> ALL (passed)
         ORDER BY i.priority_weight, i.ts, i.id COLLATE "C" LIMIT 1 FOR UPDATE SKIP LOCKED;
    ELSIF sorting = 'SLAs' THEN
        SELECT i.id, i.default_agent_id INTO id, default_agent_id FROM inquiries AS i
         WHERE i.status = 'queued' AND i.department_id = queue AND i.ts >= head AND i.id <> ALL (passed)
         ORDER BY i.estimated_waiting_time_queue, i.ts, i.id COLLATE "C" LIMIT 1 FOR UPDATE SKIP LOCKED;
    ELSE
        SELECT i.id, i.default_agent_id INTO id, default_agent_id FROM inquiries AS i
         WHERE i.status = 'queued' AND i.department_id = queue AND i.ts >= head AND i.id <> ALL (passed)
         ORDER BY i.ts, i.id COLLATE "C" LIMIT 1 FOR UPDATE SKIP LOCKED;
    END IF;
END;
$$;

CREATE OR REPLACE FUNCTION route_queues(department_keys text[]) RETURNS integer
    LANGUAGE plpgsql
    SET search_path = "${flyway:defaultSchema}"
AS $$
DECLARE
    method text;
    queue text;
    department text;
    chat record;
    agent text;
    passed_chats text[];
    passed_agents text[];
    actor text;
    assigned integer := 0;
BEGIN
    SELECT s.routing_method INTO method FROM desk_settings AS s;
    IF method IS NULL OR method = 'Manual_Selection' OR department_keys IS NULL THEN
        RETURN 0;
    END IF;
    department_keys := hold_queues(department_keys);
    -- The steps routing makes have no actor: the timeline shows them as the desk's.
    actor := current_setting('inquiries.actor', true);
    PERFORM set_config('inquiries.actor', '', true);
    FOREACH queue IN ARRAY department_keys LOOP
        department := nullif(queue, '');
        passed_chats := '{}';
        LOOP
            -- The oldest waiting chat of the queue, from its head (V31), not claimed by another transaction.
            SELECT n.id, n.default_agent_id INTO chat FROM next_waiting_chat(queue, passed_chats) AS n;
            EXIT WHEN chat.id IS NULL;
            passed_agents := '{}';
            LOOP
                agent := routing_candidate(method, department, chat.default_agent_id, passed_agents);
                EXIT WHEN agent IS NULL;
                -- Without a limit there is no capacity to keep, and nothing to hold.
                EXIT WHEN NOT agent_has_limit(agent, department);
                PERFORM agent_hold(agent);
                -- Asked again after the hold, with a snapshot that sees what committed meanwhile.
                EXIT WHEN routing_candidate(method, department, agent, '{}') IS NOT NULL;
                passed_agents := passed_agents || agent;
            END LOOP;
            IF agent IS NULL THEN
                -- A chat routed to one agent waits for it; any other chat waiting means nobody can serve the queue.
                EXIT WHEN chat.default_agent_id IS NULL;
                passed_chats := passed_chats || chat.id;
                CONTINUE;
            END IF;
            PERFORM assign_inquiry(chat.id, agent);
            UPDATE agent_routing AS r
               SET chats_routed = r.chats_routed + 1, last_routed_at = clock_timestamp()
             WHERE r.user_id = agent;
            UPDATE department_agents AS da
               SET chats_routed = da.chats_routed + 1
             WHERE da.user_id = agent AND da.department_id = department;
            assigned := assigned + 1;
        END LOOP;
    END LOOP;
    PERFORM set_config('inquiries.actor', coalesce(actor, ''), true);
    RETURN assigned;
END;
$$;
