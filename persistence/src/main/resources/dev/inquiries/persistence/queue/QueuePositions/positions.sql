-- The spots of every queued inquiry of these queues (:departmentKeys: department ids, '' for inquiries without one)
-- and the estimates of their waits: V39's queue_positions, the one definition of both.
SELECT p.inquiry_id, p.rid, p.department_key, p.spot, p.estimated_wait_seconds
  FROM queue_positions(CAST(:departmentKeys AS text[])) AS p
