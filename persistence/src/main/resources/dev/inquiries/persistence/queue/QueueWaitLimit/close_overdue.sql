-- Livechat_max_queue_wait_time: closes, as abandoned by the desk (closer 'system', no actor), up to :limit chats that
-- have waited in a queue longer than desk_settings.max_queue_wait_minutes (0: never); none while it is 0. A chat's wait
-- counts from when it last entered the queue (queued_at, else its ts); as queued_at is never before ts, the oldest-first
-- index bounds the scan to chats whose ts is past the limit too. Rows another transaction holds are skipped (a
-- concurrent take or close decides them), and the UPDATE re-checks the status on the row's newest version: whichever
-- instance runs this first closes a chat, once.
-- The cutoff is a scalar (NULL while the limit is 0), so that it bounds the index scan itself: joined as a row, it
-- was only a filter, and every sweep walked the whole queue (226 ms on 100,000 queued chats with the limit at 0).
WITH limits AS (
         SELECT now() - make_interval(mins => s.max_queue_wait_minutes) AS cutoff
           FROM desk_settings AS s
          WHERE s.max_queue_wait_minutes > 0),
     overdue AS (
         SELECT i.id
           FROM inquiries AS i
          WHERE i.status = 'queued'
            AND i.ts < (SELECT l.cutoff FROM limits AS l)
            AND coalesce(i.queued_at, i.ts) < (SELECT l.cutoff FROM limits AS l)
          ORDER BY i.ts, i.id COLLATE "C"
          LIMIT :limit
            FOR UPDATE OF i SKIP LOCKED)
UPDATE inquiries AS i
   SET status = 'closed', closed_at = now(), closer = 'system', closed_by = NULL, close_comment = :comment
  FROM overdue AS o
 WHERE i.id = o.id AND i.status = 'queued'
RETURNING i.id
