-- Autovacuum's defaults wait until a fifth of a table is dead: on a million inquiries, 200,000 dead rows, while
-- every taken inquiry leaves a dead entry in the queued indexes that each read of the queue walks over until
-- vacuum removes it. The service owns these tables, so it says when they are cleaned: inquiries after 1 % of its
-- rows (at least 2,000) died, the change log (trimmed all the time) after 1,000. Autovacuum still runs only
-- between its naps (autovacuum_naptime, 60 s by default) and never past a snapshot a report holds.
SET LOCAL lock_timeout = '5s';

ALTER TABLE inquiries SET (autovacuum_vacuum_scale_factor = 0.01, autovacuum_vacuum_threshold = 2000,
                           autovacuum_analyze_scale_factor = 0.02);
ALTER TABLE queue_changes SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 1000);
