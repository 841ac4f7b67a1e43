-- Each department's queue from the kept counts (V4; '' for inquiries without a department): how many wait, and how
-- long its oldest has waited, in seconds (NULL when none waits).
SELECT c.department_key AS department, sum(c.queued) AS queued,
       extract(epoch FROM now() - CASE WHEN c.department_key = ''
           THEN (SELECT min(i.ts) FROM inquiries i WHERE i.status = 'queued' AND i.department_id IS NULL)
           ELSE (SELECT min(i.ts) FROM inquiries i
                  WHERE i.status = 'queued' AND i.department_id = c.department_key) END) AS oldest_wait
  FROM queue_counts c
 GROUP BY c.department_key
 ORDER BY c.department_key
