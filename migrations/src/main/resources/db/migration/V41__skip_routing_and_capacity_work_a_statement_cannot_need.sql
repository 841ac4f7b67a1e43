-- Takes got slower with routing and capacity (V36-V40): every statement on inquiries ran the routing trigger (two
-- joins of its transition tables and a call of route_queues) and the capacity trigger (a join and a look per
-- agent), even on a desk that routes by hand and has no limit, and even for a take, which neither queues a chat nor
-- frees an agent. Measured with pgbench (one assign_inquiry per transaction, rolled back; 2 clients, 1,000,000
-- inquiries), disabling the two triggers made the statement about 1.5 times as fast. Same rules, decided first by
-- what costs least:
-- * routing returns at once under Manual_Selection (route_queues did too, after the joins), and when the statement
--   neither queued a chat nor took one from an agent (a take, an edit of a waiting chat);
-- * the capacity check returns at once when the desk has no limit at all (no desk, agent or department limit; two
--   partial indexes make that a look at nothing), as the per-agent check already did for an agent without one. It
--   reads the limits with the statement's snapshot, as the per-agent check did: a limit set concurrently applies to
--   what is assigned after it, as a lowered one does.
SET LOCAL lock_timeout = '5s';

CREATE INDEX users_with_chat_limit_idx ON users (id) WHERE livechat_max_chats > 0;
CREATE INDEX departments_with_chat_limit_idx ON departments (id) WHERE max_chats > 0;

CREATE FUNCTION routing_is_manual() RETURNS boolean
    LANGUAGE sql STABLE
    SET search_path = "${flyway:defaultSchema}"
AS $$
    SELECT coalesce((SELECT s.routing_method = 'Manual_Selection' FROM desk_settings AS s), true)
$$;

COMMENT ON FUNCTION routing_is_manual() IS 'Whether the desk routes by hand (Manual_Selection): routing then has nothing to do.';

CREATE FUNCTION desk_has_chat_limits() RETURNS boolean
    LANGUAGE sql STABLE
    SET search_path = "${flyway:defaultSchema}"
AS $$
    SELECT EXISTS (SELECT 1 FROM desk_settings AS s WHERE s.max_chats_per_agent > 0)
        OR EXISTS (SELECT 1 FROM users AS u WHERE u.livechat_max_chats > 0)
        OR EXISTS (SELECT 1 FROM departments AS d WHERE d.max_chats > 0)
$$;

COMMENT ON FUNCTION desk_has_chat_limits() IS 'Whether any limit of open chats is set (the desk''s, an agent''s or a '
    'department''s): without one, no assignment can exceed a capacity.';

CREATE OR REPLACE FUNCTION routing_after_insert() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = "${flyway:defaultSchema}"
AS $$
BEGIN
    IF routing_is_manual() THEN
        RETURN NULL;
    END IF;
    PERFORM route_queues(ARRAY(SELECT DISTINCT coalesce(n.department_id, '') FROM new_rows AS n
                                WHERE n.status = 'queued'));
    RETURN NULL;
END;
$$;

CREATE OR REPLACE FUNCTION routing_after_update() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = "${flyway:defaultSchema}"
AS $$
BEGIN
    -- A statement that leaves no row queued and took no row from an agent can neither make a chat wait nor free
    -- capacity (a take, the close of a waiting chat).
    IF routing_is_manual()
       OR NOT (EXISTS (SELECT 1 FROM new_rows AS n WHERE n.status = 'queued')
               OR EXISTS (SELECT 1 FROM old_rows AS o WHERE o.status = 'taken')) THEN
        RETURN NULL;
    END IF;
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

CREATE OR REPLACE FUNCTION capacity_after_insert() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = "${flyway:defaultSchema}"
AS $$
BEGIN
    IF NOT desk_has_chat_limits() THEN
        RETURN NULL;
    END IF;
    PERFORM agent_check_capacity(s.taken_by, s.department_id)
       FROM (SELECT DISTINCT n.taken_by, n.department_id FROM new_rows AS n
              WHERE n.status = 'taken' AND n.taken_by IS NOT NULL
              ORDER BY 1, 2 NULLS FIRST) AS s;
    RETURN NULL;
END;
$$;

CREATE OR REPLACE FUNCTION capacity_after_update() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = "${flyway:defaultSchema}"
AS $$
BEGIN
    IF NOT desk_has_chat_limits() THEN
        RETURN NULL;
    END IF;
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
