-- Ranking a queue for its visitors cost PostgreSQL 6-7 ms a call even for an empty queue (queue_positions_from and
-- queue_positions, one pgbench session): like the routing functions before V48, these LANGUAGE sql functions with SET
-- clauses are neither inlined nor keep a plan, so every call planned the ranking again, and queue_positions_from calls
-- queue_spots per queue and queue_service, which planned theirs too. Every pass of the room streams ranks the queues a
-- batch of changes touched, and livechat/config ranks a visitor's chat. The same bodies in PL/pgSQL keep their plans
-- for the session: 7.3 -> 3.6 ms for an empty queue, 10.4 -> 5.8 ms from a place near the end of 1,000 waiting chats,
-- 14.0 -> 12.8 ms for all 1,000. Volatility (STABLE: the caller's snapshot), the SET clauses (jit off, V42) and the
-- rows returned are unchanged (compared row for row on 1,000 waiting chats); `#variable_conflict use_column` resolves
-- names as SQL functions do, and queue_service casts its average handling time to the declared double precision,
-- which an SQL function does implicitly and PL/pgSQL's RETURN QUERY does not.
SET LOCAL lock_timeout = '5s';

CREATE OR REPLACE FUNCTION queue_spots(department_keys text[])
    RETURNS TABLE (inquiry_id text, rid text, department_key text, spot bigint)
    LANGUAGE plpgsql STABLE
    SET search_path = "${flyway:defaultSchema}"
    SET jit = off
AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY

    SELECT ranked.id, ranked.rid, ranked.key, ranked.spot
      FROM (SELECT i.id, i.rid, i.department_id, k.key,
                   row_number() OVER (PARTITION BY k.key
                                      ORDER BY CASE o.sorting_mechanism WHEN 'Priority' THEN i.priority_weight
                                                                        WHEN 'SLAs' THEN i.estimated_waiting_time_queue
                                                                        ELSE 0 END,
                                               i.ts, i.id COLLATE "C") AS spot
              FROM (SELECT DISTINCT key FROM unnest(department_keys) AS key WHERE key IS NOT NULL) AS k
             CROSS JOIN desk_settings AS o
              JOIN inquiries AS i
                ON i.status = 'queued' AND (k.key = '' OR i.department_id = k.key)) AS ranked
     WHERE ranked.key <> '' OR ranked.department_id IS NULL;
END
$$;

CREATE OR REPLACE FUNCTION queue_service(department_keys text[])
    RETURNS TABLE (department_key text, handled integer, handling_seconds double precision, agents integer,
                   servers integer, free_slots integer)
    LANGUAGE plpgsql STABLE
    SET search_path = "${flyway:defaultSchema}"
    SET jit = off
AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY

    SELECT k.key, h.handled, CAST(h.handling_seconds AS double precision), -- an SQL function casts it implicitly
           coalesce(a.agents, 0), coalesce(a.servers, 0), coalesce(a.free_slots, 0)
      FROM (SELECT DISTINCT key FROM unnest(department_keys) AS key WHERE key IS NOT NULL) AS k
      CROSS JOIN LATERAL (
            SELECT count(*)::integer AS handled,
                   avg(extract(epoch FROM ends.at - (SELECT max(t.at) FROM chat_events AS t
                                                      WHERE t.inquiry_id = ends.inquiry_id AND t.id < ends.id
                                                        AND t.kind IN ('taken', 'forwarded')
                                                        AND t.agent_id IS NOT NULL))) AS handling_seconds
              FROM (SELECT e.id, e.inquiry_id, e.at FROM chat_events AS e
                     WHERE e.kind IN ('closed', 'returned') AND e.from_status = 'taken'
                       AND (k.key = '' OR e.department_id = k.key)
                     ORDER BY e.id DESC
                     LIMIT queue_service_sample()) AS ends) AS h
      CROSS JOIN LATERAL (
            SELECT count(*)::integer AS agents,
                   sum(coalesce(slots.capacity, 1))::integer AS servers,
                   sum(greatest(coalesce(slots.capacity, 1) - slots.open_chats, 0))::integer AS free_slots
              FROM (SELECT least(agent_capacity(d.user_id),
                                 (SELECT nullif(dep.max_chats, 0) FROM departments AS dep WHERE dep.id = k.key))
                               AS capacity,
                           (SELECT count(*) FROM inquiries AS i
                             WHERE i.taken_by = d.user_id AND i.status = 'taken'
                               AND (k.key = '' OR i.department_id = k.key)) AS open_chats
                      FROM agents_on_duty AS d
                     WHERE k.key = '' OR EXISTS (SELECT 1 FROM enabled_department_agents AS m
                                                  WHERE m.user_id = d.user_id AND m.department_id = k.key)) AS slots
            ) AS a;
END
$$;

CREATE OR REPLACE FUNCTION queue_positions_from(department_keys text[], from_ts timestamptz[], from_ids text[])
    RETURNS TABLE (inquiry_id text, rid text, department_key text, spot bigint, estimated_wait_seconds bigint,
                   handled integer, handling_seconds double precision, servers integer, free_slots integer)
    LANGUAGE plpgsql STABLE
    SET search_path = "${flyway:defaultSchema}"
    SET jit = off
AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY

    WITH asked AS MATERIALIZED (
             SELECT DISTINCT ON (a.key) a.key,
                    CASE WHEN o.sorting_mechanism = 'Timestamp' THEN a.ts END AS from_ts,
                    CASE WHEN o.sorting_mechanism = 'Timestamp' AND a.ts IS NOT NULL THEN a.id END AS from_id
               FROM unnest(department_keys, from_ts, from_ids) AS a (key, ts, id)
              CROSS JOIN desk_settings AS o
              WHERE a.key IS NOT NULL
              ORDER BY a.key, a.ts NULLS FIRST, a.id COLLATE "C" NULLS FIRST),
         tails AS (
             SELECT i.id, i.rid, i.department_id, k.key, k.size,
                    row_number() OVER (PARTITION BY k.key ORDER BY i.ts, i.id COLLATE "C") AS rank,
                    count(*) OVER (PARTITION BY k.key) AS tail
               FROM (SELECT a.key, a.from_ts, coalesce(a.from_id, '') AS from_id,
                            (SELECT coalesce(sum(c.queued), 0)::bigint FROM queue_counts AS c
                              WHERE a.key = '' OR c.department_key = a.key) AS size
                       FROM asked AS a
                      WHERE a.from_ts IS NOT NULL) AS k
               JOIN inquiries AS i
                 ON i.status = 'queued' AND (k.key = '' OR i.department_id = k.key)
                AND (i.ts, i.id COLLATE "C") >= (k.from_ts, k.from_id)),
         spots AS (
             SELECT s.inquiry_id, s.rid, s.department_key, s.spot
               FROM asked AS a
              CROSS JOIN LATERAL queue_spots(ARRAY[a.key]) AS s
              WHERE a.from_ts IS NULL
              UNION ALL
             SELECT t.id, t.rid, t.key, t.size - t.tail + t.rank
               FROM tails AS t
              WHERE t.key <> '' OR t.department_id IS NULL)
    SELECT s.inquiry_id, s.rid, q.department_key, s.spot,
           queue_wait_estimate(s.spot, q.handled, q.handling_seconds, q.servers, q.free_slots),
           q.handled, q.handling_seconds, q.servers, q.free_slots
      FROM queue_service(ARRAY(SELECT a.key FROM asked AS a)) AS q
      LEFT JOIN spots AS s ON s.department_key = q.department_key;
END
$$;

CREATE OR REPLACE FUNCTION queue_positions(department_keys text[])
    RETURNS TABLE (inquiry_id text, rid text, department_key text, spot bigint, estimated_wait_seconds bigint)
    LANGUAGE plpgsql STABLE
    SET search_path = "${flyway:defaultSchema}"
    SET jit = off
AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY

    SELECT p.inquiry_id, p.rid, p.department_key, p.spot, p.estimated_wait_seconds
      FROM queue_positions_from(department_keys, NULL, NULL) AS p
     WHERE p.inquiry_id IS NOT NULL;
END
$$;
