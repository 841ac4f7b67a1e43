-- livechat/department: a page of departments with the total of the filter, in one statement (one snapshot).
--   :text       part of the name, case-insensitively, or NULL for any
--   :enabledOnly  true: enabled departments only
--   :memberId   when not NULL, only the enabled departments that user is an agent of (V23)
--   :viewerId   when not NULL, only those that user sees in the queue: all, unless it is a restricted monitor (V26)
--   :limit, :offset  the page (:limit NULL: no limit)
--   <pageOrder>, <rowOrder>  the order over m and p (ListSort)
WITH matching AS MATERIALIZED (
     SELECT d.id, d.name, d.enabled
       FROM departments d
      WHERE (CAST(:text AS text) IS NULL OR strpos(lower(d.name), lower(CAST(:text AS text))) > 0)
        AND (NOT :enabledOnly OR d.enabled)
        AND (CAST(:memberId AS text) IS NULL
             OR d.id IN (SELECT a.department_id FROM enabled_department_agents a
                          WHERE a.user_id = CAST(:memberId AS text)))
        AND (CAST(:viewerId AS text) IS NULL
             OR NOT EXISTS (SELECT 1 FROM restricted_monitors r WHERE r.user_id = CAST(:viewerId AS text))
             OR d.id IN (SELECT r.department_id FROM restricted_monitor_departments r
                          WHERE r.user_id = CAST(:viewerId AS text))))
SELECT t.total, p.id, p.name, p.enabled, p.num_agents
  FROM (SELECT count(*) AS total FROM matching) AS t
  LEFT JOIN LATERAL (
       SELECT m.id, m.name, m.enabled,
              (SELECT count(*) FROM enabled_department_agents a WHERE a.department_id = m.id) AS num_agents
         FROM matching m
        ORDER BY <pageOrder>
        LIMIT :limit OFFSET :offset) AS p ON true
 ORDER BY <rowOrder>
