-- The intake's INSERT guarded by department_queue_has_room() (V35), as bench/flood.sh's stand-in runs it; for pgbench -D cap=N.
INSERT INTO inquiries (id, rid, name, ts, status, department_id)
SELECT k, k, 'guest', now(), 'queued', 'd1' FROM (SELECT md5(random()::text || clock_timestamp()::text) AS k) AS n
 WHERE department_queue_has_room('d1', :cap);
