-- livechat/config: whether a chat could come in now (online: chats are accepted without agents, or an agent is on
-- duty, in :department when one is named (by id or name; one that names none has nobody)), once per row, and the
-- departments a visitor may choose: the enabled ones with at least one agent, of the unit :unit when given, by name.
-- One row with no department when there is none.
WITH status AS MATERIALIZED (
         SELECT CAST(:acceptWithoutAgents AS boolean) OR EXISTS (
                    SELECT 1
                      FROM agents_on_duty AS d
                     WHERE CAST(:department AS text) IS NULL
                        OR EXISTS (SELECT 1 FROM enabled_department_agents AS m
                                    WHERE m.user_id = d.user_id
                                      AND m.department_id = department_id_of(CAST(:department AS text)))) AS online)
SELECT s.online, d.id, d.name
  FROM status AS s
  LEFT JOIN departments AS d
         ON d.enabled
        AND EXISTS (SELECT 1 FROM enabled_department_agents AS m WHERE m.department_id = d.id)
        AND (CAST(:unit AS text) IS NULL
             OR EXISTS (SELECT 1 FROM unit_departments AS u WHERE u.department_id = d.id AND u.unit_id = :unit))
 ORDER BY d.name, d.id
