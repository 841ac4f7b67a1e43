-- {"name": 1, "ts": -1}: the queue by visitor name, newest first within a name (and its exact reverse),
-- deep into the list. The index carries every listed column, so skipping thousands of entries for an
-- offset reads the index alone (with a current visibility map), not the table.
SET LOCAL lock_timeout = '5s';

CREATE INDEX inquiries_queued_name_ts_idx
    ON inquiries (name COLLATE "C", ts DESC, id COLLATE "C" DESC)
    INCLUDE (rid, status, department_id)
    WHERE status = 'queued';
