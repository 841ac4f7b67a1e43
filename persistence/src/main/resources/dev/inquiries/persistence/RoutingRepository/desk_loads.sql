-- agents.loads: the desk's routing method and each agent's load against its capacity (V36's agent_loads: open chats,
-- capacity NULL for no limit) with its display name and its departments (V23's enabled_department_agents, by name),
-- as the viewer :viewerId may see them, in one statement (one snapshot). A restricted monitor (V26) sees only the
-- agents of the departments it sees (restricted_monitor_departments) and, of each, only those departments; anyone
-- else every agent and every department. One row with NULL agent columns when it sees no agent, for the method.
WITH viewer AS MATERIALIZED (
     SELECT EXISTS (SELECT 1 FROM restricted_monitors r WHERE r.user_id = CAST(:viewerId AS text)) AS restricted),
     seen AS MATERIALIZED (
     SELECT m.user_id,
            array_agg(m.department_id ORDER BY d.name COLLATE "C", d.id) AS department_ids,
            array_agg(d.name ORDER BY d.name COLLATE "C", d.id) AS department_names
       FROM enabled_department_agents m
       JOIN departments d ON d.id = m.department_id
      WHERE NOT (SELECT v.restricted FROM viewer v)
         OR m.department_id IN (SELECT r.department_id FROM restricted_monitor_departments r
                                 WHERE r.user_id = CAST(:viewerId AS text))
      GROUP BY m.user_id)
SELECT s.routing_method, a.user_id, a.username, a.name, a.status_livechat, a.open_chats, a.capacity,
       a.department_ids, a.department_names
  FROM desk_settings s
  LEFT JOIN LATERAL (
       SELECT l.user_id, l.username, u.name, l.status_livechat, l.open_chats, l.capacity,
              coalesce(x.department_ids, '{}') AS department_ids,
              coalesce(x.department_names, '{}') AS department_names
         FROM agent_loads l
         JOIN users u ON u.id = l.user_id
         LEFT JOIN seen x ON x.user_id = l.user_id
        WHERE x.user_id IS NOT NULL OR NOT (SELECT v.restricted FROM viewer v)) AS a ON true
 ORDER BY a.username COLLATE "C", a.user_id
