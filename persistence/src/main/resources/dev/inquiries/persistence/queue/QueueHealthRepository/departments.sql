-- Each department's queue from the kept counts (V4; '' for inquiries without a department): how many wait, and how
-- long its oldest has waited, in seconds (NULL when none waits), searched from its queue's head (V31, QueueHeads).
--   <nobodysHead>     the head of the queue of inquiries without a department, as a condition on i.ts
--   <departmentHead>  the head of department c.department_key's queue, as a condition on i.ts
SELECT c.department_key AS department, sum(c.queued) AS queued,
       extract(epoch FROM now() - CASE WHEN c.department_key = ''
           THEN (SELECT min(i.ts) FROM inquiries i
                  WHERE i.status = 'queued' AND i.department_id IS NULL AND <nobodysHead>)
           ELSE (SELECT min(i.ts) FROM inquiries i
                  WHERE i.status = 'queued' AND i.department_id = c.department_key AND <departmentHead>) END) AS oldest_wait
  FROM queue_counts c
 GROUP BY c.department_key
 ORDER BY c.department_key
