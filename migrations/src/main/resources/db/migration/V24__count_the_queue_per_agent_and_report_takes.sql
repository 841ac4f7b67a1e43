-- The agents' queue (inquiries.queuedForUser) and the take: counts of queued inquiries per department AND
-- per agent they are routed to (default_agent_id), so that an agent's total and version come from the kept
-- counts as the manager's list's do; one version of everything that decides who sees which department; the
-- room lookup of getOne; and the reporting views of waits until a take.
SET LOCAL lock_timeout = '5s';

LOCK TABLE inquiries IN SHARE ROW EXCLUSIVE MODE;

-- queue_counts gets a second key: the agent a queued inquiry is routed to ('' for none). The manager's list
-- sums over it, so its totals are unchanged; an agent's total adds the rows routed to nobody in its
-- departments and the rows routed to it.
ALTER TABLE queue_counts ADD COLUMN agent_key text NOT NULL DEFAULT '';
ALTER TABLE queue_counts DROP CONSTRAINT queue_counts_pkey;
ALTER TABLE queue_counts ADD PRIMARY KEY (department_key, agent_key);
CREATE INDEX queue_counts_agent_key_idx ON queue_counts (agent_key) WHERE agent_key <> '';

COMMENT ON TABLE queue_counts IS 'Kept by triggers on inquiries: queued inquiries per department and routed agent, and '
    'a version that grows whenever a queued inquiry of that pair is inserted, changed, moved or deleted.';
COMMENT ON COLUMN queue_counts.agent_key IS 'The agent the inquiries are routed to (default_agent_id), or the empty '
    'string for inquiries routed to nobody.';

-- Recount what is routed already (an import may have set default_agent_id since V23). The versions only grow:
-- each department's unrouted row gets one more, routed rows start at one.
WITH routed AS (
    SELECT coalesce(department_id, '') AS department_key, default_agent_id AS agent_key, count(*) AS queued
      FROM inquiries
     WHERE status = 'queued' AND default_agent_id IS NOT NULL
     GROUP BY 1, 2),
moved AS (
    SELECT department_key, sum(queued) AS queued FROM routed GROUP BY 1)
UPDATE queue_counts AS q
   SET queued = q.queued - m.queued, version = q.version + 1
  FROM moved AS m
 WHERE q.department_key = m.department_key AND q.agent_key = '';

INSERT INTO queue_counts (department_key, agent_key, queued, version)
SELECT coalesce(department_id, ''), default_agent_id, count(*), 1
  FROM inquiries
 WHERE status = 'queued' AND default_agent_id IS NOT NULL
 GROUP BY 1, 2;

CREATE FUNCTION queue_counts_add(department text, agent text, delta bigint) RETURNS void
    LANGUAGE sql
    SET search_path = "${flyway:defaultSchema}"
AS $$
    -- A pair's first row can only come from an addition; its CHECK holds the count at zero or more.
    INSERT INTO queue_counts AS counts (department_key, agent_key, queued, version)
    VALUES (department, agent, greatest(delta, 0), 1)
    ON CONFLICT (department_key, agent_key) DO UPDATE
        SET queued = counts.queued + delta,
            version = counts.version + 1;
$$;

-- The same statement triggers as V4's, keyed by both; pairs are updated in key order, so two statements never
-- lock them in opposite orders.
CREATE OR REPLACE FUNCTION queue_counts_after_insert() RETURNS trigger
    LANGUAGE plpgsql AS $$
DECLARE
    change record;
BEGIN
    FOR change IN
        SELECT coalesce(department_id, '') AS department, coalesce(default_agent_id, '') AS agent, count(*) AS delta
          FROM new_rows WHERE status = 'queued'
         GROUP BY 1, 2 ORDER BY 1, 2
    LOOP
        PERFORM queue_counts_add(change.department, change.agent, change.delta);
    END LOOP;
    RETURN NULL;
END;
$$;

CREATE OR REPLACE FUNCTION queue_counts_after_delete() RETURNS trigger
    LANGUAGE plpgsql AS $$
DECLARE
    change record;
BEGIN
    FOR change IN
        SELECT coalesce(department_id, '') AS department, coalesce(default_agent_id, '') AS agent, -count(*) AS delta
          FROM old_rows WHERE status = 'queued'
         GROUP BY 1, 2 ORDER BY 1, 2
    LOOP
        PERFORM queue_counts_add(change.department, change.agent, change.delta);
    END LOOP;
    RETURN NULL;
END;
$$;

CREATE OR REPLACE FUNCTION queue_counts_after_update() RETURNS trigger
    LANGUAGE plpgsql AS $$
DECLARE
    change record;
BEGIN
    FOR change IN
        SELECT department, agent, sum(delta) AS delta
          FROM (SELECT coalesce(department_id, '') AS department, coalesce(default_agent_id, '') AS agent, 1 AS delta
                  FROM new_rows WHERE status = 'queued'
                UNION ALL
                SELECT coalesce(department_id, ''), coalesce(default_agent_id, ''), -1
                  FROM old_rows WHERE status = 'queued') AS touched
         GROUP BY 1, 2 ORDER BY 1, 2
    LOOP
        PERFORM queue_counts_add(change.department, change.agent, change.delta);
    END LOOP;
    RETURN NULL;
END;
$$;

DROP FUNCTION queue_counts_add(text, bigint);

-- CREATE OR REPLACE keeps V21's pinning of the trigger functions; said again so that this file alone tells it.
ALTER FUNCTION queue_counts_after_insert() SET search_path = "${flyway:defaultSchema}";
ALTER FUNCTION queue_counts_after_delete() SET search_path = "${flyway:defaultSchema}";
ALTER FUNCTION queue_counts_after_update() SET search_path = "${flyway:defaultSchema}";

-- department_version now grows whenever anything changes that decides which departments a caller sees:
-- departments (V4), memberships, units, their departments and monitors, and users' roles. A list's version
-- (its ETag) includes it, so a caller whose view changed never gets a 304 for the old one.
COMMENT ON TABLE department_version IS 'Grows whenever a department is inserted, renamed, enabled, disabled or deleted, '
    'and whenever memberships, units, unit departments, unit monitors or user roles change: whatever decides who sees '
    'which department.';

CREATE TRIGGER department_agents_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON department_agents
    FOR EACH STATEMENT EXECUTE FUNCTION department_version_bump();
CREATE TRIGGER unit_departments_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON unit_departments
    FOR EACH STATEMENT EXECUTE FUNCTION department_version_bump();
CREATE TRIGGER unit_monitors_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON unit_monitors
    FOR EACH STATEMENT EXECUTE FUNCTION department_version_bump();
CREATE TRIGGER user_roles_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON user_roles
    FOR EACH STATEMENT EXECUTE FUNCTION department_version_bump();

-- inquiries.getOne finds an inquiry by its room.
CREATE INDEX inquiries_rid_idx ON inquiries (rid);

-- An agent's queue reads the inquiries without a department that nobody is routed to, oldest first. The
-- department index cannot give them in ts order (PostgreSQL does not treat IS NULL as an equality for the
-- order), and a filter on the ts index would walk the whole queue when there are none: a small index of
-- their own.
CREATE INDEX inquiries_queued_unassigned_ts_idx
    ON inquiries (ts, id COLLATE "C")
    WHERE status = 'queued' AND department_id IS NULL AND default_agent_id IS NULL;

-- Reporting: how long chats waited before someone took them. Public names, like V20's views: columns may be
-- added, never renamed or dropped. Days are UTC days.
CREATE VIEW inquiry_takes AS
SELECT i.id                                  AS inquiry_id,
       i.rid                                 AS room_id,
       i.department_id,
       d.name                                AS department_name,
       coalesce(i.queued_at, i.ts)           AS queued_at,
       i.taken_at,
       i.taken_by                            AS agent_id,
       u.username                            AS agent_username,
       i.taken_at - coalesce(i.queued_at, i.ts) AS wait
  FROM inquiries i
  LEFT JOIN departments d ON d.id = i.department_id
  LEFT JOIN users u ON u.id = i.taken_by
 WHERE i.taken_at IS NOT NULL;

COMMENT ON VIEW inquiry_takes IS 'One row per inquiry someone took (taken_at set), with how long it waited before.';
COMMENT ON COLUMN inquiry_takes.inquiry_id IS 'inquiries.id.';
COMMENT ON COLUMN inquiry_takes.room_id IS 'inquiries.rid.';
COMMENT ON COLUMN inquiry_takes.department_id IS 'The department, or NULL for an inquiry without one.';
COMMENT ON COLUMN inquiry_takes.department_name IS 'The department''s name, or NULL.';
COMMENT ON COLUMN inquiry_takes.queued_at IS 'When it entered the queue: inquiries.queued_at where recorded, else inquiries.ts.';
COMMENT ON COLUMN inquiry_takes.taken_at IS 'When it was taken.';
COMMENT ON COLUMN inquiry_takes.agent_id IS 'Who took it (NULL when that user was deleted since).';
COMMENT ON COLUMN inquiry_takes.agent_username IS 'That agent''s username, or NULL.';
COMMENT ON COLUMN inquiry_takes.wait IS 'taken_at - queued_at: how long it waited for an agent.';

CREATE VIEW take_waits_by_department_day AS
SELECT department_id,
       department_name,
       (taken_at AT TIME ZONE 'UTC')::date                      AS day,
       count(*)                                                  AS taken,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY wait)         AS median_wait,
       percentile_cont(0.9) WITHIN GROUP (ORDER BY wait)         AS p90_wait,
       max(wait)                                                 AS longest_wait,
       avg(wait)                                                 AS mean_wait
  FROM inquiry_takes
 GROUP BY department_id, department_name, (taken_at AT TIME ZONE 'UTC')::date;

COMMENT ON VIEW take_waits_by_department_day IS 'Per department (NULL: without one) and UTC day of the take: how many '
    'were taken and how long they had waited (median, 90th percentile interpolated, longest, mean).';

CREATE VIEW takes_by_agent_day AS
SELECT agent_id,
       agent_username,
       (taken_at AT TIME ZONE 'UTC')::date                      AS day,
       count(*)                                                  AS taken,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY wait)         AS median_wait
  FROM inquiry_takes
 GROUP BY agent_id, agent_username, (taken_at AT TIME ZONE 'UTC')::date;

COMMENT ON VIEW takes_by_agent_day IS 'Per agent and UTC day: how many inquiries the agent took, and the median wait '
    'of those.';
