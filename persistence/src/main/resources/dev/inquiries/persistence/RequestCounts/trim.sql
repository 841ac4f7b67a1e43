-- Forgets the keys whose window ended before :now: their next request starts a new window anyway. A row being
-- counted at this moment is skipped, not waited for (a flooded address's row is hot); the next trim takes it.
DELETE FROM request_counts
 WHERE (route, address) IN (SELECT route, address
                              FROM request_counts
                             WHERE window_ends <= :now
                               FOR UPDATE SKIP LOCKED)
