-- The queue's rules, one definition each, where every statement, trigger and report (and the routing to come) can
-- reach them: what "queued" means, who holds which permission, who is an agent and who is on duty, and what a
-- restricted monitor is and sees. The departments each agent serves are V23's enabled_department_agents. Role and
-- status names are those V3 and V1 seed (dev.inquiries.domain.Roles, InquiryStatus). Views and a function only:
-- nothing is stored, so a rule changes here and nowhere else.
SET LOCAL lock_timeout = '5s';

-- In the queue: waiting for an agent. A plain SQL expression, IMMUTABLE and without a SET clause, so that PostgreSQL
-- inlines it into each statement that calls it; a query saying inquiry_is_queued(status) thus still reads the partial
-- indexes, whose predicate has to spell the same thing out (status = 'queued'). It names no table, so the caller's
-- search path cannot change what it means.
CREATE FUNCTION inquiry_is_queued(status text) RETURNS boolean
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT status = 'queued' $$;

COMMENT ON FUNCTION inquiry_is_queued(text) IS 'Whether an inquiry of this status is in the queue (waiting for an agent).';

-- A user holds a permission when any of its roles is granted it.
CREATE VIEW user_permissions AS
SELECT DISTINCT ur.user_id, rp.permission_id
  FROM user_roles ur
  JOIN role_permissions rp ON rp.role_id = ur.role_id;

COMMENT ON VIEW user_permissions IS 'The permissions each user holds: those granted to any of its roles.';

-- An agent is a user with the role livechat-agent.
CREATE VIEW livechat_agents AS
SELECT ur.user_id
  FROM user_roles ur
 WHERE ur.role_id = 'livechat-agent';

COMMENT ON VIEW livechat_agents IS 'The agents: users with the role livechat-agent.';

-- On duty: an active agent whose statusLivechat is available. Only such an agent may be given a chat.
CREATE VIEW agents_on_duty AS
SELECT u.id AS user_id
  FROM users u
 WHERE u.active
   AND u.status_livechat = 'available'
   AND u.id IN (SELECT a.user_id FROM livechat_agents a);

COMMENT ON VIEW agents_on_duty IS 'The agents who take chats now: active, with statusLivechat available.';

-- A monitor assigned to at least one unit that holds neither admin nor livechat-manager sees only the departments
-- of its units and those it is an agent of, and never inquiries without a department.
CREATE VIEW restricted_monitors AS
SELECT ur.user_id
  FROM user_roles ur
 WHERE ur.role_id = 'livechat-monitor'
   AND EXISTS (SELECT 1 FROM unit_monitors um WHERE um.user_id = ur.user_id)
   AND NOT EXISTS (SELECT 1 FROM user_roles other
                    WHERE other.user_id = ur.user_id AND other.role_id IN ('admin', 'livechat-manager'));

COMMENT ON VIEW restricted_monitors IS 'The monitors whose view of the queue is limited to some departments: assigned to '
    'a unit, neither admin nor livechat-manager.';

-- Each department once per monitor (statements walk it department by department).
CREATE VIEW restricted_monitor_departments AS
SELECT rm.user_id, seen.department_id
  FROM restricted_monitors rm
 CROSS JOIN LATERAL (
       SELECT ud.department_id
         FROM unit_monitors um
         JOIN unit_departments ud ON ud.unit_id = um.unit_id
        WHERE um.user_id = rm.user_id
       UNION
       SELECT a.department_id
         FROM enabled_department_agents a
        WHERE a.user_id = rm.user_id) AS seen;

COMMENT ON VIEW restricted_monitor_departments IS 'The departments each restricted monitor sees: those of its units and '
    'those it is an agent of (enabled ones).';

-- The reports and the kept counts say "queued" through the one definition too. Same columns, same rows.
CREATE OR REPLACE VIEW inquiry_waits AS
SELECT i.id            AS inquiry_id,
       i.rid           AS room_id,
       i.name          AS visitor_name,
       i.department_id,
       d.name          AS department_name,
       i.ts            AS waiting_since,
       now() - i.ts    AS wait
  FROM inquiries i
  LEFT JOIN departments d ON d.id = i.department_id
 WHERE inquiry_is_queued(i.status);

CREATE OR REPLACE FUNCTION queue_counts_after_insert() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = "${flyway:defaultSchema}"
AS $$
DECLARE
    change record;
BEGIN
    FOR change IN
        SELECT coalesce(department_id, '') AS department, coalesce(default_agent_id, '') AS agent, count(*) AS delta
          FROM new_rows WHERE inquiry_is_queued(status)
         GROUP BY 1, 2 ORDER BY 1, 2
    LOOP
        PERFORM queue_counts_add(change.department, change.agent, change.delta);
    END LOOP;
    RETURN NULL;
END;
$$;

CREATE OR REPLACE FUNCTION queue_counts_after_delete() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = "${flyway:defaultSchema}"
AS $$
DECLARE
    change record;
BEGIN
    FOR change IN
        SELECT coalesce(department_id, '') AS department, coalesce(default_agent_id, '') AS agent, -count(*) AS delta
          FROM old_rows WHERE inquiry_is_queued(status)
         GROUP BY 1, 2 ORDER BY 1, 2
    LOOP
        PERFORM queue_counts_add(change.department, change.agent, change.delta);
    END LOOP;
    RETURN NULL;
END;
$$;

CREATE OR REPLACE FUNCTION queue_counts_after_update() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = "${flyway:defaultSchema}"
AS $$
DECLARE
    change record;
BEGIN
    FOR change IN
        SELECT department, agent, sum(delta) AS delta
          FROM (SELECT coalesce(department_id, '') AS department, coalesce(default_agent_id, '') AS agent, 1 AS delta
                  FROM new_rows WHERE inquiry_is_queued(status)
                UNION ALL
                SELECT coalesce(department_id, ''), coalesce(default_agent_id, ''), -1
                  FROM old_rows WHERE inquiry_is_queued(status)) AS touched
         GROUP BY 1, 2 ORDER BY 1, 2
    LOOP
        PERFORM queue_counts_add(change.department, change.agent, change.delta);
    END LOOP;
    RETURN NULL;
END;
$$;
