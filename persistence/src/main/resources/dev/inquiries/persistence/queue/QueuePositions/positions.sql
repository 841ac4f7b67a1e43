-- The spots of the queued inquiries of these queues (:departmentKeys: department ids, '' for inquiries without one)
-- and the estimates of their waits, each queue from the place where it changed (:fromTs, :fromIds: the ts and id of a
-- chat that arrived in it or left it; NULL: from its head), with what each queue's estimates are made of, and a row
-- of that alone for a queue with no inquiry from its place on: V43's queue_positions_from, the one definition of both.
SELECT p.inquiry_id, p.rid, p.department_key, p.spot, p.estimated_wait_seconds,
       p.handled, p.handling_seconds, p.servers, p.free_slots
  FROM queue_positions_from(CAST(:departmentKeys AS text[]), CAST(CAST(:fromTs AS text[]) AS timestamptz[]),
                            CAST(:fromIds AS text[])) AS p
