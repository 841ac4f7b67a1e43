-- W6 naive floor: an agent's queue (queuedForUser) as one would write it by hand: what is routed to the agent,
-- and what nobody is routed to in its enabled departments or in none; oldest first, first page of 50, and
-- the total. :agent_id comes from pgbench -D.
SELECT id, rid, name, ts, status, department_id
  FROM inquiries
 WHERE status = 'queued'
   AND (default_agent_id = :agent_id
        OR default_agent_id IS NULL
           AND (department_id IS NULL
                OR department_id IN (SELECT department_id FROM enabled_department_agents WHERE user_id = :agent_id)))
 ORDER BY ts ASC, id ASC
 LIMIT 50 OFFSET 0;
SELECT count(*)
  FROM inquiries
 WHERE status = 'queued'
   AND (default_agent_id = :agent_id
        OR default_agent_id IS NULL
           AND (department_id IS NULL
                OR department_id IN (SELECT department_id FROM enabled_department_agents WHERE user_id = :agent_id)));
