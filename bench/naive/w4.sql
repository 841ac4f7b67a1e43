-- W4 naive floor: one department given by name (resolved with a subquery), default order, page of 100,
-- and the total. :department_name comes from pgbench -D.
SELECT id, rid, name, ts, status, department_id
  FROM inquiries
 WHERE status = 'queued'
   AND department_id = (SELECT id FROM departments WHERE name = :department_name)
 ORDER BY ts DESC, id DESC
 LIMIT 100 OFFSET 0;
SELECT count(*)
  FROM inquiries
 WHERE status = 'queued'
   AND department_id = (SELECT id FROM departments WHERE name = :department_name);
