-- W2 naive floor: one department given by id, default order, first page of 50, and the total.
-- :department_id comes from pgbench -D.
SELECT id, rid, name, ts, status, department_id
  FROM inquiries
 WHERE status = 'queued' AND department_id = :department_id
 ORDER BY ts DESC, id DESC
 LIMIT 50 OFFSET 0;
SELECT count(*) FROM inquiries WHERE status = 'queued' AND department_id = :department_id;
