SET LOCAL lock_timeout = '5s';
-- The public visitor endpoints are open to anyone on the internet. Two bounds, both kept by PostgreSQL so that every
-- instance of the service enforces the same numbers:
--   request_counts: requests per endpoint and client address in a fixed window, counted by one upsert per request;
--   department_queue_has_room(): whether a department's queue is below a cap, for the intake's INSERT to call.

-- One row per rate-limited endpoint and client address that sent a request lately: how many requests its current
-- window holds and when that window ends. The window begins with the first request after the previous one ended
-- (a fixed window per key, as Rocket.Chat's rate limiter keeps one): the refusal can then say exactly when the key
-- is free again, and the count is one row updated in place, so that two instances share it exactly.
--
-- UNLOGGED: the counts are worth a minute at most. They are not written to the WAL, so a transaction that only
-- counts commits without waiting for a WAL flush (PostgreSQL commits it asynchronously), and a flood on one
-- address's row holds that row's lock for microseconds, not a disk flush. After a crash the table starts empty
-- (every address gets a fresh window) and a standby has none of it (it serves no visitor endpoint).
CREATE UNLOGGED TABLE request_counts (
    route       text        NOT NULL CHECK (route <> ''),
    address     text        NOT NULL,
    hits        bigint      NOT NULL CHECK (hits > 0),
    window_ends timestamptz NOT NULL,
    PRIMARY KEY (route, address)
);

COMMENT ON TABLE request_counts IS 'Requests per rate-limited endpoint and client address in the key''s current '
    'window; a request after window_ends starts a new window. Rows whose window ended are trimmed.';
COMMENT ON COLUMN request_counts.route IS 'The endpoint''s name, as Rocket.Chat names it (livechat/visitor).';
COMMENT ON COLUMN request_counts.hits IS 'Requests in the current window, the refused ones included.';

-- Every request rewrites its row: leave room on each page for the new version (a HOT update: window_ends is in no
-- index, so no index entry is written), and let autovacuum clean the table after 1,000 dead rows, not a fifth of it.
ALTER TABLE request_counts SET (fillfactor = 50, autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 1000,
                                autovacuum_analyze_scale_factor = 0, autovacuum_analyze_threshold = 1000);

-- Whether the department's queue (the empty string: inquiries without a department) holds fewer queued inquiries
-- than cap; a cap of 0 or less is none. It sums the counts the triggers keep (queue_counts, over its slots and
-- routed agents), so it reads a few rows, not the queue.
--
-- The intake calls it in the WHERE of its INSERT ... SELECT, so that the decision is made by the writing statement.
-- It is not exact under concurrency: each intake reads the counts committed when its statement began and does not
-- see the inquiries other intakes are inserting at that moment, so concurrent intakes of one department may
-- overshoot the cap by at most the number of sessions inserting into it at once, less one (with the service's pool,
-- at most db.pool.size per instance). A cap guards against floods, where that margin does not matter; an exact cap
-- would serialise every intake of a department behind one lock until its commit.
CREATE FUNCTION department_queue_has_room(department_key text, cap bigint) RETURNS boolean
    LANGUAGE sql
    STABLE
    SET search_path = "${flyway:defaultSchema}"
AS $$
    SELECT cap <= 0
        OR coalesce((SELECT sum(counts.queued)
                       FROM queue_counts AS counts
                      WHERE counts.department_key = department_queue_has_room.department_key), 0) < cap;
$$;

COMMENT ON FUNCTION department_queue_has_room(text, bigint) IS 'Whether the department''s queue (the empty string: '
    'no department) holds fewer than cap queued inquiries (cap <= 0: no cap). For the intake''s INSERT ... WHERE; '
    'concurrent intakes may overshoot the cap by at most the number of sessions inserting at once.';
