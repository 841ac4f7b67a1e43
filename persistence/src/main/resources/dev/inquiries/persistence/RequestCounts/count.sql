-- Counts one request of the key (:route, :address) at :now and answers the key's requests in its window and when
-- that window ends; a request at or after the end starts a new window of :windowSeconds. One statement, so that the
-- count is exact across instances: concurrent requests of one key queue on its row's lock (the flooder's problem),
-- requests of other keys never meet them.
INSERT INTO request_counts AS c (route, address, hits, window_ends)
VALUES (:route, :address, 1, CAST(:now AS timestamptz) + make_interval(secs => :windowSeconds))
ON CONFLICT (route, address) DO UPDATE SET
    hits = CASE WHEN c.window_ends <= CAST(:now AS timestamptz) THEN 1 ELSE c.hits + 1 END,
    window_ends = CASE WHEN c.window_ends <= CAST(:now AS timestamptz)
                       THEN CAST(:now AS timestamptz) + make_interval(secs => :windowSeconds)
                       ELSE c.window_ends END
RETURNING hits, window_ends
