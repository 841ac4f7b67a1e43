SET LOCAL lock_timeout = '5s';
-- The visitor's place in the queue (queueInfo in livechat/config and room.stream's queueData), and the estimate of
-- its wait. One function each, which every reader of a spot (the config, the live room streams, the bench) calls:
--
-- * queue_spots(keys): the 1-based place of each queued inquiry in its queue, in queue order. A department's queue
--   is its queued inquiries; an inquiry without a department is ranked among ALL queued inquiries (Rocket.Chat's
--   getQueuePosition does so). The ORDER BY of its window is the one definition of queue order for spots, and
--   follows the desk's sorting mechanism (Omnichannel_sorting_mechanism: Timestamp, Priority, SLAs).
-- * queue_service(keys): what a queue's estimate is made of: the handling time of its recent chats (from V32's
--   timeline: from the take to the close or the return of the last 50 chats of the department, any department for
--   chats without one), and the agents on duty for it now with their capacity (V36) and their free slots.
-- * queue_positions(keys): both, and the estimate: a chat at spot s waits for s - free slots to open (the first
--   ones open at once), and the queue's servers (agents' capacities; an agent without a limit counts as one) free
--   one slot every mean handling time / servers: (s - free) x mean / servers seconds (rounded), 0 when s <= free. NULL (no
--   estimate) when there is no handled chat to learn from or no agent on duty for the queue.
--
-- Keys name queues as V31 and V36 do: a department's id, '' for chats without one.

-- Queue order, once: the desk's (V38's desk_settings.sorting_mechanism: by priority weight or SLA due time first
-- when it says so), then ts, then id (byte order), as routing's next_waiting_chat (V38) takes them.
CREATE FUNCTION queue_spots(department_keys text[])
    RETURNS TABLE (inquiry_id text, rid text, department_key text, spot bigint)
    LANGUAGE sql STABLE
    SET search_path = "${flyway:defaultSchema}"
AS $$
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
     WHERE ranked.key <> '' OR ranked.department_id IS NULL
$$;

COMMENT ON FUNCTION queue_spots(text[]) IS 'The 1-based place of each queued inquiry of these queues (department ids, '''' '
    'for inquiries without one, ranked among all queued inquiries) in queue order: the one definition of queue order '
    'for spots.';

-- The timeline's ends of service (a taken chat closed or returned), newest first, per department and overall.
CREATE INDEX chat_events_service_ends_department_idx ON chat_events (department_id, id DESC)
    WHERE kind IN ('closed', 'returned') AND from_status = 'taken';
CREATE INDEX chat_events_service_ends_idx ON chat_events (id DESC)
    WHERE kind IN ('closed', 'returned') AND from_status = 'taken';

-- How many recent ends of service a queue's handling time is the mean of.
CREATE FUNCTION queue_service_sample() RETURNS integer
    LANGUAGE sql IMMUTABLE
AS $$ SELECT 50 $$;

CREATE FUNCTION queue_service(department_keys text[])
    RETURNS TABLE (department_key text, handled integer, handling_seconds double precision, agents integer,
                   servers integer, free_slots integer)
    LANGUAGE sql STABLE
    SET search_path = "${flyway:defaultSchema}"
AS $$
    SELECT k.key, h.handled, h.handling_seconds, coalesce(a.agents, 0), coalesce(a.servers, 0), coalesce(a.free_slots, 0)
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
            ) AS a
$$;

COMMENT ON FUNCTION queue_service(text[]) IS 'Per queue: how many recent ends of service (close or return of a taken '
    'chat, at most queue_service_sample()) its handling time is the mean of, that mean in seconds, and its agents on '
    'duty now: how many, their capacity (servers; one for an agent without a limit) and their free slots.';

CREATE FUNCTION queue_positions(department_keys text[])
    RETURNS TABLE (inquiry_id text, rid text, department_key text, spot bigint, estimated_wait_seconds bigint)
    LANGUAGE sql STABLE
    SET search_path = "${flyway:defaultSchema}"
AS $$
    SELECT s.inquiry_id, s.rid, s.department_key, s.spot,
           CASE WHEN q.handled > 0 AND q.servers > 0 THEN
                round(greatest(s.spot - q.free_slots, 0) * q.handling_seconds / q.servers)::bigint END
      FROM queue_spots(department_keys) AS s
      JOIN queue_service(department_keys) AS q ON q.department_key = s.department_key
$$;

COMMENT ON FUNCTION queue_positions(text[]) IS 'Each queued inquiry of these queues: its spot (queue_spots) and the '
    'estimate of its wait in seconds from queue_service: (spot - free slots) x mean handling time / servers, at '
    'least 0; NULL without a handled chat or an agent on duty.';
