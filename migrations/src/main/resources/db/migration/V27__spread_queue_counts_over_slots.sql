-- Every take, arrival and move of a queued inquiry adds to its department's count in queue_counts. With one row per
-- department (and routed agent), concurrent takes in one department waited for each other's commit on that row's
-- lock. Each pair's count is now spread over slots: a writer adds to the slot of its own session
-- (pg_backend_pid() % 16), so sessions working the same queue at once seldom meet on a row, and readers sum the
-- slots, as they already summed over agents. A slot may go below zero (a take counted in another slot than the
-- arrival it ends); only the sum is a count, and the sum stays the count because every change is counted once.
SET LOCAL lock_timeout = '5s';

LOCK TABLE queue_counts IN ACCESS EXCLUSIVE MODE;

ALTER TABLE queue_counts ADD COLUMN slot smallint NOT NULL DEFAULT 0;
ALTER TABLE queue_counts DROP CONSTRAINT queue_counts_pkey;
ALTER TABLE queue_counts ADD PRIMARY KEY (department_key, agent_key, slot);
ALTER TABLE queue_counts DROP CONSTRAINT queue_counts_queued_check;

COMMENT ON TABLE queue_counts IS 'Kept by triggers on inquiries: queued inquiries per department and routed agent, '
    'spread over slots (sum them), and a version whose sum grows whenever a queued inquiry of that pair is inserted, '
    'changed, moved or deleted.';
COMMENT ON COLUMN queue_counts.slot IS 'Which of the pair''s rows: the writing session''s pg_backend_pid() % 16, so '
    'that concurrent writers of one queue seldom wait for each other. Only the sum over slots means anything.';

CREATE OR REPLACE FUNCTION queue_counts_add(department text, agent text, delta bigint) RETURNS void
    LANGUAGE sql
    SET search_path = "${flyway:defaultSchema}"
AS $$
    INSERT INTO queue_counts AS counts (department_key, agent_key, slot, queued, version)
    VALUES (department, agent, pg_backend_pid() % 16, delta, 1)
    ON CONFLICT (department_key, agent_key, slot) DO UPDATE
        SET queued = counts.queued + delta,
            version = counts.version + 1;
$$;

-- The counts are rewritten in place often: leave room on each page for the new version (a HOT update, no index
-- entry), and let autovacuum clean the table long before its default 20 %.
ALTER TABLE queue_counts SET (fillfactor = 50, autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 1000);
