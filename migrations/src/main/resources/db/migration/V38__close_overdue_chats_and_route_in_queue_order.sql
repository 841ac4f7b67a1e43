-- The rest of the desk's settings, in the same one row as V36's: Rocket.Chat's Livechat_max_queue_wait_time (chats
-- waiting longer are closed as abandoned by the desk: dev.inquiries.persistence.queue.QueueWaitLimit, on every
-- instance) and Omnichannel_sorting_mechanism (the order queues are worked in), which routing now follows: the next
-- chat routing takes from a queue is the first in that order (V37's priority weight or SLA due time, then ts, then
-- id), read from the matching partial index.
--
-- A correction to V36's header: queue locks come before agents, and the capacity trigger last, so no transaction
-- waits for a queue while holding an agent; but two routings of different queues that share agents hold them in the
-- order their methods choose, which can be opposite: PostgreSQL then aborts one for a deadlock (40P01), rolled back
-- whole, and the service runs that transaction again (Database.inTransaction); a writer of its own should too. The
-- rules hold either way: nothing of the victim stays.
SET LOCAL lock_timeout = '5s';

ALTER TABLE desk_settings
    ADD COLUMN max_queue_wait_minutes integer NOT NULL DEFAULT 0 CHECK (max_queue_wait_minutes >= 0),
    ADD COLUMN sorting_mechanism text NOT NULL DEFAULT 'Timestamp'
        CHECK (sorting_mechanism IN ('Timestamp', 'Priority', 'SLAs'));

COMMENT ON COLUMN desk_settings.max_queue_wait_minutes IS 'Livechat_max_queue_wait_time: minutes a chat may wait in a '
    'queue before the desk closes it as abandoned (closer system); 0: no limit.';
COMMENT ON COLUMN desk_settings.sorting_mechanism IS 'Omnichannel_sorting_mechanism: Timestamp (ts), Priority '
    '(priority_weight, then ts) or SLAs (estimated_waiting_time_queue, then ts); ties by id. Orders routing, '
    'queuedForUser''s default and the visitor''s place in the queue.';

-- The first waiting chat of a queue (a department's id; '' for chats without one) in the desk's order that no other
-- transaction holds and that is not among `passed`, locked (FOR UPDATE) until the transaction ends; a row of NULLs
-- when there is none. The scan starts at the queue's head (V31): no waiting chat is older. One statement per order and
-- kind of queue, so that each reads its partial index in order.
CREATE FUNCTION next_waiting_chat(queue text, passed text[], OUT id text, OUT default_agent_id text)
    LANGUAGE plpgsql
    SET search_path = "${flyway:defaultSchema}"
AS $$
DECLARE
    head timestamptz := coalesce((SELECT h.head FROM queue_heads AS h WHERE h.department_key = queue), '-infinity');
    sorting text := (SELECT s.sorting_mechanism FROM desk_settings AS s);
BEGIN
    EXECUTE format(
        'SELECT i.id, i.default_agent_id FROM inquiries AS i'
        ' WHERE i.status = ''queued'' AND %s AND i.ts >= $2 AND i.id <> ALL ($3)'
        ' ORDER BY %s i.ts, i.id COLLATE "C" LIMIT 1 FOR UPDATE SKIP LOCKED',
        CASE WHEN queue = '' THEN 'i.department_id IS NULL' ELSE 'i.department_id = $1' END,
        CASE sorting WHEN 'Priority' THEN 'i.priority_weight,'
                     WHEN 'SLAs' THEN 'i.estimated_waiting_time_queue,'
                     ELSE '' END)
        INTO id, default_agent_id
        USING queue, head, passed;
END;
$$;

COMMENT ON FUNCTION next_waiting_chat(text, text[]) IS 'The first waiting chat of the queue in the desk''s order '
    '(sorting_mechanism), not held by another transaction nor passed, locked for the caller; NULLs when none.';

-- Holds the queues of these keys (a department's id; '' for chats without one) until the transaction ends, in key
-- order (a transaction-level advisory lock each, 0x526F7574: 'Rout'); returns the keys so ordered, each once. Routing
-- holds the queues it routes, and so does whatever lowers a limit (below): a limit changed between routing's check of
-- an agent and its assignment would otherwise make the capacity rule refuse the routing statement (and with it the
-- close, return or intake that caused it) instead of routing past that agent.
CREATE FUNCTION hold_queues(department_keys text[]) RETURNS text[]
    LANGUAGE plpgsql
    SET search_path = "${flyway:defaultSchema}"
AS $$
DECLARE
    sorted text[] := ARRAY(SELECT DISTINCT k FROM unnest(department_keys) AS k WHERE k IS NOT NULL ORDER BY 1);
    queue text;
BEGIN
    FOREACH queue IN ARRAY sorted LOOP
        PERFORM pg_advisory_xact_lock(1383036276, hashtext(queue));
    END LOOP;
    RETURN sorted;
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



-- A limit set or changed holds the queues it bears on before the row changes (a BEFORE ROW trigger: the row is locked
-- already, and routing never waits for these rows, so holding the queues after them closes no cycle): an agent's own
-- limit, its queues; a department's, that queue; the desk's, every queue.
CREATE FUNCTION hold_queues_before_agent_limit() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = "${flyway:defaultSchema}"
AS $$
BEGIN
    PERFORM hold_queues(agent_queues(ARRAY[NEW.id]));
    RETURN NEW;
END;
$$;

CREATE TRIGGER users_hold_queues_before_limit BEFORE UPDATE OF livechat_max_chats ON users
    FOR EACH ROW WHEN (NEW.livechat_max_chats IS DISTINCT FROM OLD.livechat_max_chats)
    EXECUTE FUNCTION hold_queues_before_agent_limit();

CREATE FUNCTION hold_queues_before_department_limit() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = "${flyway:defaultSchema}"
AS $$
BEGIN
    PERFORM hold_queues(ARRAY[NEW.id]);
    RETURN NEW;
END;
$$;

CREATE TRIGGER departments_hold_queues_before_limit BEFORE UPDATE OF max_chats ON departments
    FOR EACH ROW WHEN (NEW.max_chats IS DISTINCT FROM OLD.max_chats)
    EXECUTE FUNCTION hold_queues_before_department_limit();

CREATE FUNCTION hold_queues_before_desk_limit() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = "${flyway:defaultSchema}"
AS $$
BEGIN
    PERFORM hold_queues(ARRAY(SELECT d.id FROM departments AS d) || ''::text);
    RETURN NEW;
END;
$$;

CREATE TRIGGER desk_settings_hold_queues_before_limit BEFORE UPDATE OF max_chats_per_agent ON desk_settings
    FOR EACH ROW WHEN (NEW.max_chats_per_agent IS DISTINCT FROM OLD.max_chats_per_agent)
    EXECUTE FUNCTION hold_queues_before_desk_limit();
