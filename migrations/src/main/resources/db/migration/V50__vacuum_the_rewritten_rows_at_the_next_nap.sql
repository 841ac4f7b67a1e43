-- queue_counts, queue_heads and request_counts are a few rows each, rewritten on every change, and every read of the
-- queue reads the first two. While a report holds a snapshot nothing of them can be cleaned, so each rewrite leaves a
-- version behind (measured after 50,000 takes and arrivals and the takes of four agents under a report: queue_counts
-- grew to 114 pages for 25 rows, queue_heads to 13). Once the report ends, pruning on access removes only what fills
-- a page past its fillfactor, and V27, V31 and V35 asked autovacuum to wait for 1,000 dead rows, which such a table
-- may never reach again: 304 were counted here, so the reads walked the old versions until a manual VACUUM. They
-- answered 0.73-0.85 x as many requests as before the report, 120 s after it ended, and 1.0 x right after a VACUUM
-- of these tables. A vacuum of a table this size costs next to nothing: let autovacuum do it at its next nap
-- (autovacuum_naptime, 60 s by default) once 50 rows are dead.
SET LOCAL lock_timeout = '5s';

ALTER TABLE queue_counts SET (autovacuum_vacuum_threshold = 50);
ALTER TABLE queue_heads SET (autovacuum_vacuum_threshold = 50);
ALTER TABLE request_counts SET (autovacuum_vacuum_threshold = 50);
