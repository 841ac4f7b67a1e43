-- A new chat that an agent can take at once is written taken, not written queued and then updated to taken. V51
-- routed arrivals after their INSERT: every routed chat was a second row version with a second entry in each index of
-- inquiries, a second round of the statement triggers (timeline, counts, change log, queue heads, capacity) and a
-- second change-log row to number. pgbench, one session, eight chats per INSERT, rolled back, 20 agents without
-- limits: 2.57 ms an INSERT of queued chats routed by the trigger, 1.00 ms one of chats written taken.
-- * route_arrivals(...) chooses, for the chats a statement is about to insert, the agent each goes to, by the same
--   rules and the same choice as route_queue, under the same locks: the queue held (hold_queues), the limited agents
--   chosen held (agent_hold, key order) and the choice made again until every one it uses is held; the capacity
--   trigger still checks the INSERT (IQ001). It plans a queue's arrivals only when nobody waits in that queue: a
--   queue with a chat waiting is routed in order, as before, by the trigger after the INSERT (the arrivals go in
--   queued). Arrivals nobody can take now are written queued and wait; their trigger routes them as before.
-- * the timeline still shows such a chat arriving queued (actor: its visitor) and then taken (no actor: the desk's),
--   both at the INSERT's time: a visitor's arrival (inquiries.arrivals_by = 'visitor', V51) written taken is both.
-- route_queue and route_arrivals share the reading of the agents (routing_agents), the choice (routing_choose), the
-- hold of limited agents (routing_hold) and the routing counts (routing_count).
SET LOCAL lock_timeout = '5s';

-- The agents who could serve a queue ('' for chats without a department): on duty, in the department when it has
-- one, with their limit (NULL: none), their open chats (and those of the department), how many chats routing gave
-- them and when it last did; one element each, in routing_candidate's last order (username in "C", then id).
CREATE OR REPLACE FUNCTION routing_agents(queue text,
                                          OUT agents text[], OUT caps integer[], OUT open_chats integer[],
                                          OUT open_here integer[], OUT routed bigint[], OUT last_routed timestamptz[])
    LANGUAGE plpgsql STABLE
    SET search_path = "${flyway:defaultSchema}"
    SET plan_cache_mode = force_generic_plan
    SET enable_nestloop = on
AS $$
DECLARE
    department text := nullif(queue, '');
BEGIN
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
END;
$$;

COMMENT ON FUNCTION routing_agents(text) IS 'The agents who could serve a queue, with their limits, open chats and '
    'routing counts, one array element each in routing order.';

-- The choice, chat by chat in the order given, each counted before the next (open_chats, open_here, routed and
-- last_routed come back with the plan counted in). plan_chats / plan_agents: each chosen chat and its agent's index;
-- passed: chats routed to one agent (defaults) who cannot take them now; ended: a chat nobody can take stopped it.
CREATE OR REPLACE FUNCTION routing_choose(method text, department_cap integer, chats text[], defaults text[],
                                          agents text[], caps integer[],
                                          INOUT open_chats integer[], INOUT open_here integer[],
                                          INOUT routed bigint[], INOUT last_routed timestamptz[],
                                          OUT plan_chats text[], OUT plan_agents integer[], OUT passed text[],
                                          OUT ended boolean)
    LANGUAGE plpgsql VOLATILE
AS $$
DECLARE
    stamp timestamptz := clock_timestamp();
    best integer;
BEGIN
    plan_chats := '{}';
    plan_agents := '{}';
    passed := '{}';
    ended := false;
    FOR k IN 1 .. coalesce(cardinality(chats), 0) LOOP
        best := NULL;
        FOR a IN 1 .. coalesce(cardinality(agents), 0) LOOP
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
END;
$$;

COMMENT ON FUNCTION routing_choose(text, integer, text[], text[], text[], integer[], integer[], integer[], bigint[],
                                   timestamptz[]) IS 'Routing''s choice for chats in queue order over the agents of '
    'routing_agents, each choice counted before the next.';

-- Holds the agents of a plan that have a limit (theirs, the desk's or the department's) and are not among `held`, in
-- key order; returns them (none: every limited agent the plan uses was held already).
CREATE OR REPLACE FUNCTION routing_hold(agents text[], caps integer[], department_cap integer, plan_agents integer[],
                                        held text[]) RETURNS text[]
    LANGUAGE plpgsql VOLATILE
    SET search_path = "${flyway:defaultSchema}"
AS $$
DECLARE
    unheld text[] := ARRAY(SELECT DISTINCT agents[p] FROM unnest(plan_agents) AS p
                            WHERE (caps[p] IS NOT NULL OR department_cap IS NOT NULL)
                              AND agents[p] <> ALL (held)
                            ORDER BY 1);
BEGIN
    PERFORM agent_hold(h) FROM unnest(unheld) AS h;
    RETURN unheld;
END;
$$;

-- Counts a plan's routings: per agent (agent_routing, made for an agent routing never held) and, for a department's
-- queue, per member (department_agents).
CREATE OR REPLACE FUNCTION routing_count(queue text, agents text[], last_routed timestamptz[], plan_agents integer[])
    RETURNS void
    LANGUAGE plpgsql VOLATILE
    SET search_path = "${flyway:defaultSchema}"
    SET plan_cache_mode = force_generic_plan
AS $$
BEGIN
    INSERT INTO agent_routing AS r (user_id, chats_routed, last_routed_at)
    SELECT agents[p.agent], count(*), max(last_routed[p.agent])
      FROM unnest(plan_agents) AS p(agent)
     GROUP BY 1
     ORDER BY 1
    ON CONFLICT (user_id) DO UPDATE
       SET chats_routed = r.chats_routed + excluded.chats_routed, last_routed_at = excluded.last_routed_at;
    IF queue <> '' THEN
        UPDATE department_agents AS da
           SET chats_routed = da.chats_routed + p.chats
          FROM (SELECT agents[a] AS user_id, count(*) AS chats FROM unnest(plan_agents) AS a GROUP BY 1) AS p
         WHERE da.user_id = p.user_id AND da.department_id = queue;
    END IF;
END;
$$;

-- V51's route_queue, its parts now shared with route_arrivals; the same passes, choices and statements.
CREATE OR REPLACE FUNCTION route_queue(method text, queue text) RETURNS integer
    LANGUAGE plpgsql
    SET search_path = "${flyway:defaultSchema}"
    SET plan_cache_mode = force_generic_plan
    SET enable_nestloop = on
AS $$
DECLARE
    -- The most chats one pass reads (and locks); a longer queue is routed in several passes.
    pass_size constant integer := 200;
    department_cap integer;
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
    passed_now text[];
    held text[] := '{}';
    newly_held text[];
    plan_chats text[];
    plan_agents integer[];
    ended boolean;
    assigned integer := 0;
    n integer;
BEGIN
    SELECT nullif(d.max_chats, 0) INTO department_cap FROM departments AS d WHERE d.id = nullif(queue, '');
    LOOP
        -- Choose, then hold the limited agents chosen, then choose again with what committed meanwhile, until every
        -- limited agent the choice uses is held: nobody else can then give it a chat before this transaction ends.
        LOOP
            SELECT * INTO agents, caps, open_chats, open_here, routed, last_routed FROM routing_agents(queue);
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
            SELECT * INTO open_chats, open_here, routed, last_routed, plan_chats, plan_agents, passed_now, ended
              FROM routing_choose(method, department_cap, chats, defaults, agents, caps,
                                  open_chats, open_here, routed, last_routed);
            passed := passed || passed_now;
            newly_held := routing_hold(agents, caps, department_cap, plan_agents, held);
            EXIT WHEN cardinality(newly_held) = 0;
            held := held || newly_held;
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
            PERFORM routing_count(queue, agents, last_routed, plan_agents);
        END IF;
        -- Done when nobody can take the queue's next chat, or every waiting chat was read.
        EXIT WHEN ended OR cardinality(chats) < least(pass_size, coalesce(free, pass_size));
    END LOOP;
    RETURN assigned;
END;
$$;

-- The agents that chats about to be inserted go to at once: `ids` (the inquiries' ids), each with its queue (a
-- department's id, '' for none), its visitor (NULL: none), its default agent (NULL: any), its priority weight and SLA
-- estimate (the desk's order among them). Holds each queue (hold_queues) until the transaction ends, and the limited
-- agents it chooses; plans a queue's arrivals only when nobody waits in it, and no chat for a visitor with an open one
-- (committed before the hold: the caller's INSERT of it would conflict and insert nothing). Counts the routings it
-- plans: the caller inserts each chat it returns taken by its agent, in the same transaction (the capacity trigger
-- checks that INSERT), and the others queued. Nothing under Manual_Selection.
CREATE OR REPLACE FUNCTION route_arrivals(ids text[], queues text[], visitors text[], defaults text[],
                                          weights integer[], estimates integer[])
    RETURNS TABLE (inquiry_id text, agent_id text)
    LANGUAGE plpgsql
    SET search_path = "${flyway:defaultSchema}"
    SET plan_cache_mode = force_generic_plan
    SET enable_nestloop = on
AS $$
DECLARE
    method text;
    sorting text;
    this_queue text;
    department_cap integer;
    agents text[];
    caps integer[];
    open_chats integer[];
    open_here integer[];
    routed bigint[];
    last_routed timestamptz[];
    chats text[];
    chat_defaults text[];
    held text[];
    newly_held text[];
    plan_chats text[];
    plan_agents integer[];
    passed text[];
    ended boolean;
BEGIN
    SELECT s.routing_method, s.sorting_mechanism INTO method, sorting FROM desk_settings AS s;
    IF method IS NULL OR method = 'Manual_Selection' OR coalesce(cardinality(ids), 0) = 0 THEN
        RETURN;
    END IF;
    FOREACH this_queue IN ARRAY hold_queues(queues) LOOP
        -- Someone waits here: the arrivals queue up behind and the INSERT's trigger routes the queue in order.
        CONTINUE WHEN EXISTS (SELECT 1 FROM waiting_chats(this_queue, '{}', 1));
        -- The arrivals in the desk's order (they share the INSERT's ts): waiting_chats' order.
        SELECT array_agg(a.id ORDER BY CASE sorting WHEN 'Priority' THEN a.weight
                                                    WHEN 'SLAs' THEN a.estimate END, a.id COLLATE "C"),
               array_agg(a.default_agent ORDER BY CASE sorting WHEN 'Priority' THEN a.weight
                                                               WHEN 'SLAs' THEN a.estimate END, a.id COLLATE "C")
          INTO chats, chat_defaults
          FROM unnest(ids, queues, visitors, defaults, weights, estimates)
               AS a(id, queue, visitor, default_agent, weight, estimate)
         WHERE a.queue = this_queue
           AND NOT EXISTS (SELECT 1 FROM inquiries AS i WHERE i.visitor_id = a.visitor AND i.status <> 'closed');
        SELECT nullif(d.max_chats, 0) INTO department_cap FROM departments AS d WHERE d.id = nullif(this_queue, '');
        held := '{}';
        LOOP
            SELECT * INTO agents, caps, open_chats, open_here, routed, last_routed FROM routing_agents(this_queue);
            SELECT * INTO open_chats, open_here, routed, last_routed, plan_chats, plan_agents, passed, ended
              FROM routing_choose(method, department_cap, chats, chat_defaults, agents, caps,
                                  open_chats, open_here, routed, last_routed);
            newly_held := routing_hold(agents, caps, department_cap, plan_agents, held);
            EXIT WHEN cardinality(newly_held) = 0;
            held := held || newly_held;
        END LOOP;
        CONTINUE WHEN cardinality(plan_chats) = 0;
        PERFORM routing_count(this_queue, agents, last_routed, plan_agents);
        RETURN QUERY SELECT p.chat, agents[p.agent] FROM unnest(plan_chats, plan_agents) AS p(chat, agent);
    END LOOP;
END;
$$;

COMMENT ON FUNCTION route_arrivals(text[], text[], text[], text[], integer[], integer[]) IS 'The agents that chats about '
    'to be inserted go to at once (queues held, limited agents held, routings counted); none for a queue with a chat '
    'waiting. The caller inserts those chats taken, the others queued.';

-- A visitor's arrival written taken (route_arrivals) arrived queued and was taken by the desk in the same instant:
-- two steps, as a chat routed after its INSERT has.
CREATE OR REPLACE FUNCTION chat_events_after_insert() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = "${flyway:defaultSchema}"
AS $$
DECLARE
    visitors boolean := current_setting('inquiries.arrivals_by', true) = 'visitor';
BEGIN
    INSERT INTO chat_events (inquiry_id, room_id, kind, status, from_status, department_id, from_department_id,
                             agent_id, actor_id)
    SELECT n.id, n.rid, step.kind,
           CASE WHEN step.kind = 'arrived' AND step.routed THEN 'queued' ELSE n.status END,
           CASE WHEN step.kind = 'taken' THEN 'queued' END,
           n.department_id,
           CASE WHEN step.kind = 'taken' THEN n.department_id END,
           CASE WHEN step.kind = 'arrived' AND step.routed THEN NULL ELSE n.taken_by END,
           CASE WHEN step.kind = 'taken' THEN NULL WHEN visitors THEN n.visitor_id ELSE chat_actor() END
      FROM new_rows n
     CROSS JOIN LATERAL (SELECT k.kind, k.routed
                           FROM (VALUES (1, 'arrived', visitors AND n.status = 'taken'),
                                        (2, 'taken', true)) AS k(place, kind, routed)
                          WHERE k.place = 1 OR (visitors AND n.status = 'taken')
                          ORDER BY k.place) AS step
     ORDER BY n.ts, n.id, step.kind = 'taken';
    RETURN NULL;
END;
$$;
