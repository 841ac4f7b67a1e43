-- Routing and capacity, kept by PostgreSQL for every writer (the service on any number of instances, psql, an import).
--
-- Capacity: the most open chats (status taken) an agent may serve at once: its own limit (users.livechat_max_chats)
-- if set (> 0), else the desk's (desk_settings.max_chats_per_agent, 0 = none); a department's limit
-- (departments.max_chats, 0 = none) also bounds the agent's open chats in that department. A trigger on inquiries
-- refuses (SQLSTATE IQ001) any statement that leaves an agent serving more than that: it holds the agent's
-- agent_routing row (an upsert: a row lock and a write, so that a REPEATABLE READ writer that raced it fails with
-- 40001 instead of counting on an old snapshot) and then counts, in a statement of its own whose snapshot sees every
-- assignment committed before the lock was granted. Concurrent assignments to one agent thus count one after the
-- other, whatever instance or session makes them; assignments to agents without any limit take no lock at all.
--
-- Routing: under an automatic method (desk_settings.routing_method), whatever makes a chat wait or makes capacity
-- appear routes the affected queues at once, in the writing transaction: a statement trigger on inquiries (a chat
-- queued by intake, return or forward; a chat closed, returned or forwarded away frees its agent), on users (an agent
-- set available, activated, or its limit raised), on user_roles and department_agents (an agent added), on
-- departments (enabled, its limit raised) and on desk_settings. There is no leader and no polling loop.
--
-- Why no chat is left waiting while an agent could serve it: route_queues() first takes a transaction-level advisory
-- lock per queue (in key order), then reads, each statement with a snapshot of its own. Of two transactions that
-- each change something about one queue (one queues a chat, the other frees an agent), the second to get the lock
-- reads after the first committed, and so sees both changes. Agents are held (their agent_routing row) only after all
-- queue locks are held, and the capacity trigger, which holds an agent, fires after the routing trigger, so no
-- transaction waits for a queue lock while holding an agent: there is no cycle to deadlock on. Inquiries are claimed
-- with SKIP LOCKED (one being moved by another transaction is that transaction's to route).
--
-- Requires READ COMMITTED (the default) for routing: under a stricter isolation the statements would not see what
-- committed while they waited; such a writer's changes are routed by the next one that touches the queue.
SET LOCAL lock_timeout = '5s';

-- V27's counts, without waiting: a writer that finds its session's slot held by another transaction adds to another
-- slot of the pair instead. Routing makes writers hold queue locks and agents while they count, so a count that waited
-- for another session's slot (two sessions share a slot whenever their pids agree modulo 16) could close a cycle:
-- an arrival holding slot s and waiting for its queue's lock, the router holding that lock and waiting for slot s.
-- Only when every one of the pair's sixteen slots is held does a writer wait, for its own.
CREATE OR REPLACE FUNCTION queue_counts_add(department text, agent text, delta bigint) RETURNS void
    LANGUAGE plpgsql
    SET search_path = "${flyway:defaultSchema}"
AS $$
DECLARE
    own constant integer := pg_backend_pid() % 16;
    free smallint;
BEGIN
    SELECT c.slot INTO free
      FROM queue_counts AS c
     WHERE c.department_key = department AND c.agent_key = agent
     ORDER BY (c.slot - own + 16) % 16
     LIMIT 1
       FOR UPDATE SKIP LOCKED;
    IF FOUND THEN
        UPDATE queue_counts AS c
           SET queued = c.queued + delta, version = c.version + 1
         WHERE c.department_key = department AND c.agent_key = agent AND c.slot = free;
        RETURN;
    END IF;
    -- No slot of the pair is free: a new one if there is room, else the session's own (waiting for it).
    SELECT s INTO free
      FROM generate_series(0, 15) AS s
     WHERE NOT EXISTS (SELECT 1 FROM queue_counts AS c
                        WHERE c.department_key = department AND c.agent_key = agent AND c.slot = s)
     ORDER BY (s - own + 16) % 16
     LIMIT 1;
    INSERT INTO queue_counts AS counts (department_key, agent_key, slot, queued, version)
    VALUES (department, agent, coalesce(free, own), delta, 1)
    ON CONFLICT (department_key, agent_key, slot) DO UPDATE
        SET queued = counts.queued + delta,
            version = counts.version + 1;
END;
$$;

-- The desk's routing settings: one row. Rocket.Chat keeps these as settings in its database too; here the commands
-- (`inquiries routing`) and psql change them, and the change routes every queue at once.
CREATE TABLE desk_settings (
    id                     boolean     PRIMARY KEY DEFAULT true CHECK (id),
    routing_method         text        NOT NULL DEFAULT 'Manual_Selection'
        CHECK (routing_method IN ('Manual_Selection', 'Auto_Selection', 'Load_Balancing', 'Load_Rotation')),
    max_chats_per_agent    integer     NOT NULL DEFAULT 0 CHECK (max_chats_per_agent >= 0),
    updated_at             timestamptz NOT NULL DEFAULT now()
);

COMMENT ON TABLE desk_settings IS 'The desk''s routing settings, one row: Livechat_Routing_Method and '
    'Livechat_maximum_chats_per_agent (0 = no limit).';

INSERT INTO desk_settings DEFAULT VALUES;

ALTER TABLE users
    ADD COLUMN livechat_max_chats integer NOT NULL DEFAULT 0 CHECK (livechat_max_chats >= 0);
COMMENT ON COLUMN users.livechat_max_chats IS 'The agent''s own limit of open chats (Rocket.Chat''s '
    'livechat.maxNumberSimultaneousChat); 0: the desk''s limit applies.';

ALTER TABLE departments
    ADD COLUMN max_chats integer NOT NULL DEFAULT 0 CHECK (max_chats >= 0);
COMMENT ON COLUMN departments.max_chats IS 'The most open chats of this department one agent may serve '
    '(Rocket.Chat''s maxNumberSimultaneousChat of a department); 0: no limit.';

ALTER TABLE department_agents
    ADD COLUMN chats_routed bigint NOT NULL DEFAULT 0;
COMMENT ON COLUMN department_agents.chats_routed IS 'How many chats routing gave this agent in this department '
    '(Auto_Selection gives the next one to the fewest).';

-- Per agent: the row capacity checks and routing hold while they count, and what the rotation methods order by.
CREATE TABLE agent_routing (
    user_id        text        PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    chats_routed   bigint      NOT NULL DEFAULT 0,
    last_routed_at timestamptz NULL,
    held_at        timestamptz NULL
);

COMMENT ON TABLE agent_routing IS 'Per agent: how many chats routing gave it (all departments), when last, and the '
    'row a capacity check holds (held_at is written so that the hold is a write).';

-- Small and rewritten often: room for HOT updates.
ALTER TABLE agent_routing SET (fillfactor = 50);

-- The open chats per agent and department (the capacity checks count through it).
CREATE INDEX inquiries_serving_idx ON inquiries (taken_by, department_id) WHERE status = 'taken';

-- An agent's capacity: its limit, else the desk's; NULL when none.
CREATE FUNCTION agent_capacity(agent_id text) RETURNS integer
    LANGUAGE sql STABLE
    SET search_path = "${flyway:defaultSchema}"
AS $$
    SELECT CASE WHEN u.livechat_max_chats > 0 THEN u.livechat_max_chats
                WHEN s.max_chats_per_agent > 0 THEN s.max_chats_per_agent END
      FROM users AS u CROSS JOIN desk_settings AS s
     WHERE u.id = agent_capacity.agent_id
$$;

COMMENT ON FUNCTION agent_capacity(text) IS 'The most open chats the agent may serve: its own limit, else the desk''s; '
    'NULL when neither is set.';

-- Whether serving `extra` more chats of `department` (NULL: none) keeps the agent within its capacity and the
-- department's limit. Counts with the caller's snapshot: callers hold the agent first (agent_hold).
CREATE FUNCTION agent_within_capacity(agent_id text, department text, extra integer) RETURNS boolean
    LANGUAGE sql STABLE
    SET search_path = "${flyway:defaultSchema}"
AS $$
    SELECT (cap IS NULL OR (SELECT count(*) FROM inquiries AS i
                             WHERE i.taken_by = agent_within_capacity.agent_id AND i.status = 'taken') + extra <= cap)
       AND (dcap IS NULL OR (SELECT count(*) FROM inquiries AS i
                              WHERE i.taken_by = agent_within_capacity.agent_id AND i.status = 'taken'
                                AND i.department_id = agent_within_capacity.department) + extra <= dcap)
      FROM (SELECT agent_capacity(agent_within_capacity.agent_id) AS cap,
                   (SELECT nullif(d.max_chats, 0) FROM departments AS d
                     WHERE d.id = agent_within_capacity.department) AS dcap) AS limits
$$;

COMMENT ON FUNCTION agent_within_capacity(text, text, integer) IS 'Whether the agent may serve that many more chats '
    'of the department (NULL: none) within its capacity and the department''s limit.';

-- Holds the agent (its agent_routing row, made on first use) until the transaction ends.
CREATE FUNCTION agent_hold(agent_id text) RETURNS void
    LANGUAGE sql VOLATILE
    SET search_path = "${flyway:defaultSchema}"
AS $$
    INSERT INTO agent_routing AS r (user_id, held_at) VALUES (agent_hold.agent_id, now())
    ON CONFLICT (user_id) DO UPDATE SET held_at = excluded.held_at
$$;

-- The capacity rule for one agent a statement gave chats of `department` to: nothing to hold for an agent without
-- limits (the common case of a desk without any); otherwise hold it, then count.
CREATE FUNCTION agent_check_capacity(agent_id text, department text) RETURNS void
    LANGUAGE plpgsql
    SET search_path = "${flyway:defaultSchema}"
AS $$
BEGIN
    IF agent_capacity(agent_id) IS NULL
       AND NOT EXISTS (SELECT 1 FROM departments AS d WHERE d.id = department AND d.max_chats > 0) THEN
        RETURN;
    END IF;
    PERFORM agent_hold(agent_id);
    IF NOT agent_within_capacity(agent_id, department, 0) THEN
        RAISE EXCEPTION 'agent % would serve more chats than its capacity', agent_id
            USING ERRCODE = 'IQ001', HINT = 'error-max-number-simultaneous-chats-reached';
    END IF;
END;
$$;

COMMENT ON FUNCTION agent_check_capacity(text, text) IS 'Refuses (SQLSTATE IQ001) when the agent serves more open '
    'chats than its capacity, or more of the department''s than its limit; holds the agent first when it has one.';

-- The agents and departments a statement gave chats to (a row that became served by it, or moved department while
-- served by it), in key order, so that two statements hold agents in the same order.
CREATE FUNCTION capacity_after_insert() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = "${flyway:defaultSchema}"
AS $$
BEGIN
    PERFORM agent_check_capacity(s.taken_by, s.department_id)
       FROM (SELECT DISTINCT n.taken_by, n.department_id FROM new_rows AS n
              WHERE n.status = 'taken' AND n.taken_by IS NOT NULL
              ORDER BY 1, 2 NULLS FIRST) AS s;
    RETURN NULL;
END;
$$;

CREATE FUNCTION capacity_after_update() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = "${flyway:defaultSchema}"
AS $$
BEGIN
    PERFORM agent_check_capacity(s.taken_by, s.department_id)
       FROM (SELECT DISTINCT n.taken_by, n.department_id
               FROM new_rows AS n JOIN old_rows AS o ON o.id = n.id
              WHERE n.status = 'taken' AND n.taken_by IS NOT NULL
                AND (o.status <> 'taken' OR o.taken_by IS DISTINCT FROM n.taken_by
                     OR o.department_id IS DISTINCT FROM n.department_id)
              ORDER BY 1, 2 NULLS FIRST) AS s;
    RETURN NULL;
END;
$$;

-- Fires after the routing triggers below (triggers of one event fire in name order): a statement that frees one
-- agent and serves another holds its queues before it holds the agent.
CREATE TRIGGER inquiries_served_within_capacity_insert AFTER INSERT ON inquiries
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION capacity_after_insert();
CREATE TRIGGER inquiries_served_within_capacity_update AFTER UPDATE ON inquiries
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION capacity_after_update();

-- The agent routing would give a chat of `department` (NULL: none) to now, by `method`, among those on duty who
-- belong to it (any agent for none) and are within capacity, except `passed`; `only` restricts to one agent (the
-- chat's default agent). Reads with the caller's snapshot; the caller holds the agent and asks again.
CREATE FUNCTION routing_candidate(method text, department text, only_agent text, passed text[]) RETURNS text
    LANGUAGE sql STABLE
    SET search_path = "${flyway:defaultSchema}"
AS $$
    SELECT d.user_id
      FROM agents_on_duty AS d
      JOIN users AS u ON u.id = d.user_id
      LEFT JOIN enabled_department_agents AS m
        ON m.user_id = d.user_id AND m.department_id = routing_candidate.department
      LEFT JOIN agent_routing AS r ON r.user_id = d.user_id
     WHERE (routing_candidate.department IS NULL OR m.id IS NOT NULL)
       AND (routing_candidate.only_agent IS NULL OR d.user_id = routing_candidate.only_agent)
       AND d.user_id <> ALL (routing_candidate.passed)
       AND agent_within_capacity(d.user_id, routing_candidate.department, 1)
     ORDER BY
       -- Auto_Selection: the fewest chats routed to it so far (in the department), then username.
       CASE WHEN method = 'Auto_Selection' THEN
            coalesce((SELECT da.chats_routed FROM department_agents AS da WHERE da.id = m.id), r.chats_routed, 0) END,
       -- Load_Balancing: the fewest open chats now, then the longest since last routed.
       CASE WHEN method = 'Load_Balancing' THEN
            (SELECT count(*) FROM inquiries AS i WHERE i.taken_by = d.user_id AND i.status = 'taken') END,
       -- Load_Rotation (and Load_Balancing's tie-break): routed longest ago (never first).
       CASE WHEN method IN ('Load_Balancing', 'Load_Rotation') THEN r.last_routed_at END NULLS FIRST,
       u.username COLLATE "C", d.user_id
     LIMIT 1
$$;

-- Routes the queues of the given department keys (a department's id; '' for chats without one): each queue's
-- waiting chats, in queue order, each to the agent the method chooses, while one can serve it. Returns how many it
-- assigned. Nothing under Manual_Selection.
CREATE FUNCTION route_queues(department_keys text[]) RETURNS integer
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
    department_keys := ARRAY(SELECT DISTINCT k FROM unnest(department_keys) AS k WHERE k IS NOT NULL ORDER BY 1);
    -- Every queue's lock first, in key order (0x526F7574: 'Rout').
    FOREACH queue IN ARRAY department_keys LOOP
        PERFORM pg_advisory_xact_lock(1383036276, hashtext(queue));
    END LOOP;
    -- The steps routing makes have no actor: the timeline shows them as the desk's.
    actor := current_setting('inquiries.actor', true);
    PERFORM set_config('inquiries.actor', '', true);
    FOREACH queue IN ARRAY department_keys LOOP
        department := nullif(queue, '');
        passed_chats := '{}';
        LOOP
            -- The oldest waiting chat of the queue, from its head (V31), not claimed by another transaction.
            SELECT i.id, i.default_agent_id INTO chat
              FROM inquiries AS i
             WHERE i.status = 'queued'
               AND (i.department_id = department OR (department IS NULL AND i.department_id IS NULL))
               AND i.ts >= coalesce((SELECT h.head FROM queue_heads AS h WHERE h.department_key = queue), '-infinity')
               AND i.id <> ALL (passed_chats)
             ORDER BY i.ts, i.id COLLATE "C"
             LIMIT 1
               FOR UPDATE SKIP LOCKED;
            EXIT WHEN NOT FOUND;
            passed_agents := '{}';
            LOOP
                agent := routing_candidate(method, department, chat.default_agent_id, passed_agents);
                EXIT WHEN agent IS NULL;
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

COMMENT ON FUNCTION route_queues(text[]) IS 'Routes the waiting chats of these queues (department ids, '''' for none) '
    'by the desk''s routing method; returns how many it assigned. Called by the triggers; harmless to call by hand.';

-- The queues an agent's free capacity serves: its enabled departments, and chats without a department.
CREATE FUNCTION agent_queues(agent_ids text[]) RETURNS text[]
    LANGUAGE sql STABLE
    SET search_path = "${flyway:defaultSchema}"
AS $$
    SELECT ARRAY(SELECT m.department_id FROM enabled_department_agents AS m WHERE m.user_id = ANY (agent_ids)
                 UNION SELECT '' WHERE cardinality(agent_ids) > 0)
$$;

-- Inquiries: a statement that queues chats routes their queues; one that frees agents (a served chat closed,
-- returned, forwarded away, or moved) routes those agents' queues. Routing's own assignments free nothing.
CREATE FUNCTION routing_after_insert() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = "${flyway:defaultSchema}"
AS $$
BEGIN
    PERFORM route_queues(ARRAY(SELECT DISTINCT coalesce(n.department_id, '') FROM new_rows AS n
                                WHERE n.status = 'queued'));
    RETURN NULL;
END;
$$;

CREATE FUNCTION routing_after_update() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = "${flyway:defaultSchema}"
AS $$
BEGIN
    PERFORM route_queues(
        ARRAY(SELECT coalesce(n.department_id, '')
                FROM new_rows AS n JOIN old_rows AS o ON o.id = n.id
               WHERE n.status = 'queued'
                 AND (o.status <> 'queued' OR o.department_id IS DISTINCT FROM n.department_id))
        || agent_queues(ARRAY(SELECT o.taken_by
                                FROM old_rows AS o JOIN new_rows AS n ON n.id = o.id
                               WHERE o.status = 'taken' AND o.taken_by IS NOT NULL
                                 AND (n.status <> 'taken' OR n.taken_by IS DISTINCT FROM o.taken_by
                                      OR n.department_id IS DISTINCT FROM o.department_id))));
    RETURN NULL;
END;
$$;

-- Named to fire after queue_heads' triggers (the head is lowered before routing reads from it) and before the
-- capacity triggers (inquiries_served_within_capacity_*).
CREATE TRIGGER inquiries_route_insert AFTER INSERT ON inquiries
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION routing_after_insert();
CREATE TRIGGER inquiries_route_update AFTER UPDATE ON inquiries
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION routing_after_update();

-- Users: an agent set available or activated, or its limit raised.
CREATE FUNCTION routing_after_user_update() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = "${flyway:defaultSchema}"
AS $$
BEGIN
    PERFORM route_queues(agent_queues(ARRAY(
        SELECT n.id FROM new_rows AS n JOIN old_rows AS o ON o.id = n.id
         WHERE n.active AND n.status_livechat = 'available'
           AND (NOT o.active OR o.status_livechat <> 'available'
                OR (n.livechat_max_chats = 0 AND o.livechat_max_chats > 0)
                OR n.livechat_max_chats > o.livechat_max_chats))));
    RETURN NULL;
END;
$$;

CREATE TRIGGER users_route_update AFTER UPDATE ON users
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION routing_after_user_update();

-- An agent added to a department (or made an agent).
CREATE FUNCTION routing_after_membership() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = "${flyway:defaultSchema}"
AS $$
BEGIN
    PERFORM route_queues(ARRAY(SELECT n.department_id FROM new_rows AS n) || ''::text);
    RETURN NULL;
END;
$$;

CREATE TRIGGER department_agents_route_insert AFTER INSERT ON department_agents
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION routing_after_membership();

CREATE FUNCTION routing_after_role() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = "${flyway:defaultSchema}"
AS $$
BEGIN
    PERFORM route_queues(agent_queues(ARRAY(SELECT n.user_id FROM new_rows AS n WHERE n.role_id = 'livechat-agent')));
    RETURN NULL;
END;
$$;

CREATE TRIGGER user_roles_route_insert AFTER INSERT ON user_roles
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION routing_after_role();

-- A department enabled, or its limit raised or lifted.
CREATE FUNCTION routing_after_department_update() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = "${flyway:defaultSchema}"
AS $$
BEGIN
    PERFORM route_queues(ARRAY(
        SELECT n.id FROM new_rows AS n JOIN old_rows AS o ON o.id = n.id
         WHERE n.enabled AND (NOT o.enabled OR (n.max_chats = 0 AND o.max_chats > 0) OR n.max_chats > o.max_chats)));
    RETURN NULL;
END;
$$;

CREATE TRIGGER departments_route_update AFTER UPDATE ON departments
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION routing_after_department_update();

-- The desk's settings changed: every queue that has waiting chats.
CREATE FUNCTION routing_after_settings() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = "${flyway:defaultSchema}"
AS $$
BEGIN
    PERFORM route_queues(ARRAY(SELECT DISTINCT coalesce(i.department_id, '') FROM inquiries AS i
                                WHERE i.status = 'queued'));
    RETURN NULL;
END;
$$;

CREATE TRIGGER desk_settings_route_update AFTER UPDATE ON desk_settings
    FOR EACH STATEMENT EXECUTE FUNCTION routing_after_settings();

-- Each agent's load against its capacity (the page and the reports).
CREATE VIEW agent_loads AS
SELECT a.user_id, u.username, u.status_livechat,
       (SELECT count(*) FROM inquiries AS i WHERE i.taken_by = a.user_id AND i.status = 'taken') AS open_chats,
       agent_capacity(a.user_id) AS capacity,
       coalesce(r.chats_routed, 0) AS chats_routed,
       r.last_routed_at
  FROM livechat_agents AS a
  JOIN users AS u ON u.id = a.user_id
  LEFT JOIN agent_routing AS r ON r.user_id = a.user_id;

COMMENT ON VIEW agent_loads IS 'Each agent: its statusLivechat, the open chats it serves, its capacity (NULL: no '
    'limit), how many chats routing gave it and when last.';
