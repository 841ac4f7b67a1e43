-- The same INSERT made exact: the department's intakes one at a time behind an advisory lock held to commit. pgbench -D cap=N.
BEGIN;
SELECT pg_advisory_xact_lock(hashtext('queue-cap:d1'));
INSERT INTO inquiries (id, rid, name, ts, status, department_id)
SELECT k, k, 'guest', now(), 'queued', 'd1' FROM (SELECT md5(random()::text || clock_timestamp()::text) AS k) AS n
 WHERE department_queue_has_room('d1', :cap);
COMMIT;
