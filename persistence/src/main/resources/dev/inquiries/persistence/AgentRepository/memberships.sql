-- An agent's memberships with their departments and its username, by department name.
--   <memberships>  the memberships to read: enabled_department_agents (those that count, V23) or department_agents
--   :userId        the agent
SELECT m.id, m.department_id, d.name AS department_name, m.user_id, u.username, d.enabled
  FROM <memberships> m
  JOIN departments d ON d.id = m.department_id
  JOIN users u ON u.id = m.user_id
 WHERE m.user_id = :userId
 ORDER BY d.name COLLATE "C", m.id COLLATE "C"
