-- Routing, per statement instead of per chat. route_queues (V40) looked for the next chat, asked routing_candidate for
-- an agent and assigned the chat by its own UPDATE, whose statement triggers (timeline, counts, change log, capacity)
-- then ran once per chat: a statement that queued ten chats paid ten rounds of all that (pgbench, one session, rolled
-- back: 10.9 ms for an INSERT of ten routed chats, 1.8 ms for one). Same rules, same choices, one pass per queue:
-- * route_queue reads the agents who could serve the queue once (on duty, in the department, their open chats, limits
--   and routing counts) and the waiting chats once (from the queue's head, in the desk's order, FOR UPDATE SKIP
--   LOCKED, no more than the agents have room for), chooses in memory chat by chat exactly as routing_candidate
--   orders agents (each choice counted before the next), then assigns every chosen chat in ONE UPDATE and counts
--   the routings in one statement per table;
-- * capacity stays PostgreSQL's: the agents with a limit that the plan chose are held first (agent_hold, in key
--   order), then everything is read and chosen again with a snapshot that sees what committed meanwhile, until every
--   limited agent the plan uses is held; the capacity trigger still checks the UPDATE (IQ001 if it were exceeded);
-- * the routing counts are kept for every agent (INSERT ... ON CONFLICT): V40's UPDATE found no row for an agent
--   routing had never held (one without any limit), so on a desk without limits Load_Rotation and Load_Balancing's
--   tie-break never saw a routing and kept choosing the same agent.
-- A chat routed to one agent (default_agent_id) still waits for that agent and is passed over; any other chat
-- nobody can take ends the queue's pass. route_queues keeps its signature, its queue locks and its actor rule.
--
-- And the timeline's arrival step may name each chat's own visitor as its actor: a writer that inserts the chats of
-- several visitors in one statement sets inquiries.arrivals_by = 'visitor' (SET LOCAL) instead of inquiries.actor.
SET LOCAL lock_timeout = '5s';

-- The first `how_many` waiting chats of a queue (a department's id; '' for chats without one) in the desk's order,
-- from the queue's head, that no other transaction holds and that are not among `passed`, locked (FOR UPDATE) until
-- the transaction ends. One statement per order and kind of queue, so that each reads its partial index in order
-- (as V40's next_waiting_chat, which this reads many of).
CREATE OR REPLACE FUNCTION waiting_chats(queue text, passed text[], how_many integer)
    RETURNS TABLE (id text, default_agent_id text)
    LANGUAGE plpgsql
    SET search_path = "${flyway:defaultSchema}"
AS $$
#variable_conflict use_column
DECLARE
    head timestamptz := coalesce((SELECT h.head FROM queue_heads AS h WHERE h.department_key = queue), '-infinity');
    sorting text := (SELECT s.sorting_mechanism FROM desk_settings AS s);
BEGIN
    IF queue = '' THEN
        IF sorting = 'Priority' THEN
            RETURN QUERY SELECT i.id, i.default_agent_id FROM inquiries AS i
             WHERE i.status = 'queued' AND i.department_id IS NULL AND i.ts >= head AND i.id <> ALL (passed)
             ORDER BY i.priority_weight, i.ts, i.id COLLATE "C" LIMIT how_many FOR UPDATE SKIP LOCKED;
        ELSIF sorting = 'SLAs' THEN
            RETURN QUERY SELECT i.id, i.default_agent_id FROM inquiries AS i
             WHERE i.status = 'queued' AND i.department_id IS NULL AND i.ts >= head AND i.id <> ALL (passed)
             ORDER BY i.estimated_waiting_time_queue, i.ts, i.id COLLATE "C" LIMIT how_many FOR UPDATE SKIP LOCKED;
        ELSE
            RETURN QUERY SELECT i.id, i.default_agent_id FROM inquiries AS i
             WHERE i.status = 'queued' AND i.department_id IS NULL AND i.ts >= head AND i.id <> ALL (passed)
             ORDER BY i.ts, i.id COLLATE "C" LIMIT how_many FOR UPDATE SKIP LOCKED;
        END IF;
    ELSIF sorting = 'Priority' THEN
        RETURN QUERY SELECT i.id, i.default_agent_id FROM inquiries AS i
         WHERE i.status = 'queued' AND i.department_id = queue AND i.ts >= head AND i.id <> ALL (passed)
         ORDER BY i.priority_weight, i.ts, i.id COLLATE "C" LIMIT how_many FOR UPDATE SKIP LOCKED;
    ELSIF sorting = 'SLAs' THEN
        RETURN QUERY SELECT i.id, i.default_agent_id FROM inquiries AS i
         WHERE i.status = 'queued' AND i.department_id = queue AND i.ts >= head AND i.id <> ALL (passed)
         ORDER BY i.estimated_waiting_time_queue, i.ts, i.id COLLATE "C" LIMIT how_many FOR UPDATE SKIP LOCKED;
    ELSE
        RETURN QUERY SELECT i.id, i.default_agent_id FROM inquiries AS i
         WHERE i.status = 'queued' AND i.department_id = queue AND i.ts >= head AND i.id <> ALL (passed)
         ORDER BY i.ts, i.id COLLATE "C" LIMIT how_many FOR UPDATE SKIP LOCKED;
    END IF;
END;
$$;

COMMENT ON FUNCTION waiting_chats(text, text[], integer) IS 'The first waiting chats of a queue in the desk''s order '
    'from its head, except `passed` and those another transaction holds, locked until the transaction ends.';

-- Routes one queue (its lock held by the caller, route_queues) by `method`; returns how many chats it assigned.
CREATE OR REPLACE FUNCTION route_queue(method text, queue text) RETURNS integer
    LANGUAGE plpgsql
    SET search_path = "${flyway:defaultSchema}"
    SET plan_cache_mode = force_generic_plan
    SET enable_nestloop = on
AS $$
DECLARE
    -- The most chats one pass reads (and locks); a longer queue is routed in several passes.
    pass_size constant integer := 200;
    department text := nullif(queue, '');
    department_cap integer;
    -- The agents who could serve the queue, in routing_candidate's last order (username in "C", then id).
    agents text[];
    caps integer[];
    open_chats integer[];
    open_here integer[];
    routed bigint[];
    last_routed timestamptz[];
    room integer;
    free integer;
    chats text[];
    defaults text[];
    passed text[] := '{}';
    held text[] := '{}';
    unheld text[];
    plan_chats text[];
    plan_agents integer[];
    stamp timestamptz;
    best integer;
    ended boolean;
    assigned integer := 0;
    n integer;
BEGIN
    SELECT nullif(d.max_chats, 0) INTO department_cap FROM departments AS d WHERE d.id = department;
    LOOP
        -- Choose, then hold the limited agents chosen, then choose again with what committed meanwhile, until every
        -- limited agent the choice uses is held: nobody else can then give it a chat before this transaction ends.
        LOOP
            SELECT array_agg(c.id ORDER BY c.username COLLATE "C", c.id),
                   array_agg(c.cap ORDER BY c.username COLLATE "C", c.id),
                   array_agg(c.open_chats ORDER BY c.username COLLATE "C", c.id),
                   array_agg(c.open_here ORDER BY c.username COLLATE "C", c.id),
                   array_agg(c.routed ORDER BY c.username COLLATE "C", c.id),
                   array_agg(c.last_routed_at ORDER BY c.username COLLATE "C", c.id)
              INTO agents, caps, open_chats, open_here, routed, last_routed
              FROM (SELECT u.id, u.username,
                           coalesce(nullif(u.livechat_max_chats, 0), nullif(s.max_chats_per_agent, 0)) AS cap,
                           coalesce(o.open_chats, 0) AS open_chats, coalesce(o.open_here, 0) AS open_here,
                           coalesce(da.chats_routed, r.chats_routed, 0) AS routed, r.last_routed_at
                      FROM agents_on_duty AS d
                      JOIN users AS u ON u.id = d.user_id
                     CROSS JOIN desk_settings AS s
                      LEFT JOIN enabled_department_agents AS m
                        ON m.user_id = d.user_id AND m.department_id = department
                      LEFT JOIN department_agents AS da ON da.id = m.id
                      LEFT JOIN agent_routing AS r ON r.user_id = d.user_id
                      LEFT JOIN LATERAL (SELECT count(*) AS open_chats,
                                                count(*) FILTER (WHERE i.department_id = department) AS open_here
                                           FROM inquiries AS i
                                          WHERE i.status = 'taken' AND i.taken_by = d.user_id) AS o ON true
                     WHERE department IS NULL OR m.id IS NOT NULL) AS c;
            -- How many chats the agents have room for (NULL: no end to it).
            free := 0;
            FOR a IN 1 .. coalesce(cardinality(agents), 0) LOOP
                room := CASE WHEN caps[a] IS NULL AND department_cap IS NULL THEN NULL
                             ELSE greatest(0, least(caps[a] - open_chats[a], department_cap - open_here[a])) END;
                free := CASE WHEN room IS NULL OR free IS NULL THEN NULL ELSE free + room END;
            END LOOP;
            IF free = 0 THEN
                RETURN assigned;
            END IF;
            SELECT array_agg(w.id ORDER BY w.n), array_agg(w.default_agent_id ORDER BY w.n)
              INTO chats, defaults
              FROM waiting_chats(queue, passed, least(pass_size, coalesce(free, pass_size)))
                   WITH ORDINALITY AS w(id, default_agent_id, n);
            IF chats IS NULL THEN
                RETURN assigned;
            END IF;
            -- The choice, chat by chat in queue order, each counted before the next.
            plan_chats := '{}';
            plan_agents := '{}';
            ended := false;
            stamp := clock_timestamp();
            FOR k IN 1 .. cardinality(chats) LOOP
                best := NULL;
                FOR a IN 1 .. cardinality(agents) LOOP
                    CONTINUE WHEN defaults[k] IS NOT NULL AND agents[a] <> defaults[k];
                    CONTINUE WHEN caps[a] IS NOT NULL AND open_chats[a] + 1 > caps[a];
                    CONTINUE WHEN department_cap IS NOT NULL AND open_here[a] + 1 > department_cap;
                    IF best IS NULL
                       -- Auto_Selection: the fewest chats routed to it so far (in the department).
                       OR (method = 'Auto_Selection' AND routed[a] < routed[best])
                       -- Load_Balancing: the fewest open chats now, then routed longest ago (never first).
                       OR (method = 'Load_Balancing' AND (open_chats[a] < open_chats[best]
                           OR (open_chats[a] = open_chats[best]
                               AND last_routed[best] IS NOT NULL
                               AND (last_routed[a] IS NULL OR last_routed[a] < last_routed[best]))))
                       -- Load_Rotation: routed longest ago (never first).
                       OR (method = 'Load_Rotation' AND last_routed[best] IS NOT NULL
                           AND (last_routed[a] IS NULL OR last_routed[a] < last_routed[best])) THEN
                        best := a;
                    END IF;
                END LOOP;
                IF best IS NULL THEN
                    -- A chat routed to one agent waits for it; any other chat waiting means nobody can serve the queue.
                    IF defaults[k] IS NULL THEN
                        ended := true;
                        EXIT;
                    END IF;
                    passed := passed || chats[k];
                    CONTINUE;
                END IF;
                plan_chats := plan_chats || chats[k];
                plan_agents := plan_agents || best;
                open_chats[best] := open_chats[best] + 1;
                open_here[best] := open_here[best] + 1;
                routed[best] := routed[best] + 1;
                -- Later than any routing before it, and later for each chat of the pass.
                stamp := stamp + interval '1 microsecond';
                last_routed[best] := stamp;
            END LOOP;
            unheld := ARRAY(SELECT DISTINCT agents[p] FROM unnest(plan_agents) AS p
                             WHERE (caps[p] IS NOT NULL OR department_cap IS NOT NULL)
                               AND agents[p] <> ALL (held)
                             ORDER BY 1);
            EXIT WHEN cardinality(unheld) = 0;
            PERFORM agent_hold(h) FROM unnest(unheld) AS h;
            held := held || unheld;
            -- Chats passed over in this choice are looked at again in the next one.
            passed := ARRAY(SELECT x FROM unnest(passed) AS x WHERE x <> ALL (chats));
        END LOOP;
        IF cardinality(plan_chats) > 0 THEN
            UPDATE inquiries AS i
               SET status = 'taken', taken_by = agents[p.agent], taken_at = now()
              FROM unnest(plan_chats, plan_agents) AS p(chat, agent)
             WHERE i.id = p.chat
               AND inquiry_is_queued(i.status);
            GET DIAGNOSTICS n = ROW_COUNT;
            assigned := assigned + n;
            INSERT INTO agent_routing AS r (user_id, chats_routed, last_routed_at)
            SELECT agents[p.agent], count(*), max(last_routed[p.agent])
              FROM unnest(plan_agents) AS p(agent)
             GROUP BY 1
             ORDER BY 1
            ON CONFLICT (user_id) DO UPDATE
               SET chats_routed = r.chats_routed + excluded.chats_routed, last_routed_at = excluded.last_routed_at;
            IF department IS NOT NULL THEN
                UPDATE department_agents AS da
                   SET chats_routed = da.chats_routed + p.chats
                  FROM (SELECT agents[a] AS user_id, count(*) AS chats FROM unnest(plan_agents) AS a GROUP BY 1) AS p
                 WHERE da.user_id = p.user_id AND da.department_id = department;
            END IF;
        END IF;
        -- Done when nobody can take the queue's next chat, or every waiting chat was read.
        EXIT WHEN ended OR cardinality(chats) < least(pass_size, coalesce(free, pass_size));
    END LOOP;
    RETURN assigned;
END;
$$;

COMMENT ON FUNCTION route_queue(text, text) IS 'Routes one queue by the method in one pass (or several, for a long '
    'queue): chooses for every waiting chat as routing_candidate would, holds the limited agents chosen, assigns in '
    'one UPDATE. The caller holds the queue (hold_queues).';

CREATE OR REPLACE FUNCTION route_queues(department_keys text[]) RETURNS integer
    LANGUAGE plpgsql
    SET search_path = "${flyway:defaultSchema}"
    SET enable_nestloop = on
AS $$
DECLARE
    method text;
    queue text;
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
        assigned := assigned + route_queue(method, queue);
    END LOOP;
    PERFORM set_config('inquiries.actor', coalesce(actor, ''), true);
    RETURN assigned;
END;
$$;

CREATE OR REPLACE FUNCTION chat_events_after_insert() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = "${flyway:defaultSchema}"
AS $$
BEGIN
    INSERT INTO chat_events (inquiry_id, room_id, kind, status, department_id, agent_id, actor_id)
    SELECT n.id, n.rid, 'arrived', n.status, n.department_id, n.taken_by,
           CASE WHEN current_setting('inquiries.arrivals_by', true) = 'visitor' THEN n.visitor_id ELSE chat_actor() END
      FROM new_rows n
     ORDER BY n.ts, n.id;
    RETURN NULL;
END;
$$;
