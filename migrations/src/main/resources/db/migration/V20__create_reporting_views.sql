-- Views for reporting on the queue with SQL: each queued inquiry's wait, and the queue by department.
-- Their names and columns are a public surface, like the tables': later versions may add columns, never
-- rename or drop one. Waits are measured from now(), the start of the reading transaction.
SET LOCAL lock_timeout = '5s';

CREATE VIEW inquiry_waits AS
SELECT i.id            AS inquiry_id,
       i.rid           AS room_id,
       i.name          AS visitor_name,
       i.department_id,
       d.name          AS department_name,
       i.ts            AS waiting_since,
       now() - i.ts    AS wait
  FROM inquiries i
  LEFT JOIN departments d ON d.id = i.department_id
 WHERE i.status = 'queued';

COMMENT ON VIEW inquiry_waits IS 'One row per queued inquiry (status queued: waiting for an agent) and how long it has waited.';
COMMENT ON COLUMN inquiry_waits.inquiry_id IS 'inquiries.id: the _id the API lists.';
COMMENT ON COLUMN inquiry_waits.room_id IS 'inquiries.rid: the room the chat happens in.';
COMMENT ON COLUMN inquiry_waits.visitor_name IS 'inquiries.name: the visitor''s name.';
COMMENT ON COLUMN inquiry_waits.department_id IS 'The department, or NULL for an inquiry without one.';
COMMENT ON COLUMN inquiry_waits.department_name IS 'The department''s name, or NULL for an inquiry without one.';
COMMENT ON COLUMN inquiry_waits.waiting_since IS 'inquiries.ts: when the inquiry was queued.';
COMMENT ON COLUMN inquiry_waits.wait IS 'now() - waiting_since: how long it has waited so far.';

CREATE VIEW queue_by_department AS
SELECT d.id                                                 AS department_id,
       d.name                                               AS department_name,
       count(w.inquiry_id)                                  AS queued,
       min(w.waiting_since)                                 AS oldest_waiting_since,
       max(w.wait)                                          AS longest_wait,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY w.wait)  AS median_wait
  FROM departments d
  LEFT JOIN inquiry_waits w ON w.department_id = d.id
 GROUP BY d.id, d.name
UNION ALL
SELECT NULL,
       NULL,
       count(*),
       min(waiting_since),
       max(wait),
       percentile_cont(0.5) WITHIN GROUP (ORDER BY wait)
  FROM inquiry_waits
 WHERE department_id IS NULL;

COMMENT ON VIEW queue_by_department IS 'The queue per department: one row per department (queued 0 when none waits), '
    'and one row with department_id NULL for the inquiries without a department.';
COMMENT ON COLUMN queue_by_department.department_id IS 'The department, or NULL for the row of inquiries without one.';
COMMENT ON COLUMN queue_by_department.department_name IS 'The department''s name, or NULL for the row of inquiries without one.';
COMMENT ON COLUMN queue_by_department.queued IS 'How many inquiries wait (status queued).';
COMMENT ON COLUMN queue_by_department.oldest_waiting_since IS 'When the longest-waiting of them was queued; NULL when none waits.';
COMMENT ON COLUMN queue_by_department.longest_wait IS 'How long that one has waited; NULL when none waits.';
COMMENT ON COLUMN queue_by_department.median_wait IS 'The median wait (interpolated between the middle two when even); NULL when none waits.';
