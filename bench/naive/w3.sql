-- W3 naive floor: sort {"name":1,"ts":-1}, page of 50 at offset 5,000, and the total.
SELECT id, rid, name, ts, status, department_id
  FROM inquiries
 WHERE status = 'queued'
 ORDER BY name, ts DESC, id DESC
 LIMIT 50 OFFSET 5000;
SELECT count(*) FROM inquiries WHERE status = 'queued';
