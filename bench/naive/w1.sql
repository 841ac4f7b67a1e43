-- W1 naive floor: the default order (newest first), first page of 50, and the total.
SELECT id, rid, name, ts, status, department_id
  FROM inquiries
 WHERE status = 'queued'
 ORDER BY ts DESC, id DESC
 LIMIT 50 OFFSET 0;
SELECT count(*) FROM inquiries WHERE status = 'queued';
