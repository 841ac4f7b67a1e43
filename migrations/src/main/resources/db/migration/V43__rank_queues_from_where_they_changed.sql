-- The visitors' spots, ranked from where a queue changed instead of from its head (issue 19: the room streams' CPU per
-- take should grow with the visitors whose spot changed, not with the queue). bench/rooms.sh measured a take of the
-- LAST chat of a 10,000-chat queue, which moves nobody, at 69 ms of the service's CPU against 14 ms at 1,000: the feed
-- ranked the whole queue (V39's queue_positions) whenever a chat left it.
--
-- In Timestamp order (the default) a chat that arrives or leaves at (ts, id) changes the spot of the chats after it
-- only: the chats before it keep theirs. So the queue is ranked from that place on, and a chat's spot is the queue's
-- size (queue_counts, kept by the same transactions that change the queue: one snapshot sees both alike) less the
-- chats from the place on, plus its rank among those. In Priority or SLAs order a chat's place also follows fields
-- that can change while it waits (and the log does not keep their old values), so those queues are ranked from
-- their head, as before. The estimate is one definition (queue_wait_estimate) for both.
SET LOCAL lock_timeout = '5s';

CREATE FUNCTION queue_wait_estimate(spot bigint, handled integer, handling_seconds double precision, servers integer,
                                    free_slots integer) RETURNS bigint
    LANGUAGE sql IMMUTABLE
AS $$
    SELECT CASE WHEN handled > 0 AND servers > 0 THEN
                round(greatest(spot - free_slots, 0) * handling_seconds / servers)::bigint END
$$;

COMMENT ON FUNCTION queue_wait_estimate(bigint, integer, double precision, integer, integer) IS 'The estimate of the '
    'wait of a chat at this spot, in seconds, from its queue''s queue_service: (spot - free slots) x mean handling '
    'time / servers, at least 0; NULL without a handled chat or an agent on duty.';

-- from_ts[n], from_ids[n]: where queue department_keys[n] changed (the earliest place of a chat that arrived in it or
-- left it); NULL (or no element): rank it from its head. A key given twice is ranked from its earliest place.
CREATE FUNCTION queue_positions_from(department_keys text[], from_ts timestamptz[], from_ids text[])
    RETURNS TABLE (inquiry_id text, rid text, department_key text, spot bigint, estimated_wait_seconds bigint,
                   handled integer, handling_seconds double precision, servers integer, free_slots integer)
    LANGUAGE sql STABLE
    SET search_path = "${flyway:defaultSchema}"
    SET jit = off
AS $$
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
      LEFT JOIN spots AS s ON s.department_key = q.department_key
$$;

COMMENT ON FUNCTION queue_positions_from(text[], timestamptz[], text[]) IS 'Each queued inquiry of these queues '
    'at or after the place (ts, id) each changed (all of it when none is given, or in Priority or SLAs order): its '
    'spot in the whole queue and the estimate of its wait (queue_wait_estimate), with what the estimate is made of '
    '(queue_service); a queue with no such inquiry gives one row of that alone (inquiry_id NULL). A reader that '
    'ranked a queue from a place learns from these whether the estimates before the place changed too.';

-- V39's queue_positions: every chat of the queues, by the same definition.
CREATE OR REPLACE FUNCTION queue_positions(department_keys text[])
    RETURNS TABLE (inquiry_id text, rid text, department_key text, spot bigint, estimated_wait_seconds bigint)
    LANGUAGE sql STABLE
    SET search_path = "${flyway:defaultSchema}"
    SET jit = off
AS $$
    SELECT p.inquiry_id, p.rid, p.department_key, p.spot, p.estimated_wait_seconds
      FROM queue_positions_from(department_keys, NULL, NULL) AS p
     WHERE p.inquiry_id IS NOT NULL
$$;
