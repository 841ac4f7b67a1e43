-- Priorities and SLAs (CONTRACT.md, "Priorities and SLAs"): the five fixed priorities, the SLAs a manager defines, and
-- each inquiry's place in a Priority or SLAs queue order: priority_weight (its priority's sort_item, 99 without one)
-- and estimated_waiting_time_queue (its SLA's due time in minutes, 9999999 without one), lower first.
--
-- The ordering columns are copies, so that a queue order reads one index; composite foreign keys keep each copy equal
-- to its source whoever writes (the service, psql, an import): an inquiry's (sla_id, estimated_waiting_time_queue)
-- must be an SLA's (id, due_time_minutes), a new due time cascades to the inquiries of that SLA, and deleting an SLA
-- sets both columns back to their defaults (no SLA, 9999999). Without an id the copy must be the default (a CHECK),
-- because a foreign key checks nothing while one of its columns is NULL.
SET LOCAL lock_timeout = '5s';

CREATE TABLE priorities (
    id         text        PRIMARY KEY CHECK (id <> ''),
    i18n       text        NOT NULL UNIQUE CHECK (i18n <> ''),
    sort_item  integer     NOT NULL UNIQUE CHECK (sort_item BETWEEN 1 AND 5),
    name       text        NULL CHECK (name <> ''),
    dirty      boolean     NOT NULL DEFAULT false,
    updated_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (id, sort_item),
    CHECK (dirty = (name IS NOT NULL))
);

COMMENT ON TABLE priorities IS 'The five fixed livechat priorities, Highest (sort_item 1) to Lowest (5). Only their name '
    'changes; none is added or deleted.';
COMMENT ON COLUMN priorities.i18n IS 'The default name (Rocket.Chat''s i18n key): Highest, High, Medium, Low, Lowest.';
COMMENT ON COLUMN priorities.name IS 'A custom name a manager gave it; NULL: the default (i18n).';
COMMENT ON COLUMN priorities.dirty IS 'Whether it has a custom name (Rocket.Chat''s dirty flag).';

-- The name a priority shows (its custom name, else its default one) is unique without regard to case.
CREATE UNIQUE INDEX priorities_shown_name_key ON priorities (lower(coalesce(name, i18n)));

-- Stable ids: a script or a client may name a priority by its id in every installation.
INSERT INTO priorities (id, i18n, sort_item) VALUES
    ('priority-highest', 'Highest', 1),
    ('priority-high', 'High', 2),
    ('priority-medium', 'Medium', 3),
    ('priority-low', 'Low', 4),
    ('priority-lowest', 'Lowest', 5);

CREATE TABLE slas (
    id               text        PRIMARY KEY CHECK (id <> ''),
    name             text        NOT NULL UNIQUE CHECK (btrim(name) <> ''),
    description      text        NULL,
    due_time_minutes integer     NOT NULL UNIQUE CHECK (due_time_minutes BETWEEN 0 AND 9999998),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    UNIQUE (id, due_time_minutes)
);

COMMENT ON TABLE slas IS 'Service level agreements (Rocket.Chat''s omnichannel_service_level_agreements): a chat of an SLA '
    'should be answered within its due time. Names and due times are unique.';
COMMENT ON COLUMN slas.due_time_minutes IS 'Minutes; below 9999999, the estimate of an inquiry without an SLA.';

ALTER TABLE inquiries
    ADD COLUMN priority_id                  text    NULL,
    ADD COLUMN priority_weight              integer NOT NULL DEFAULT 99,
    ADD COLUMN sla_id                       text    NULL,
    ADD COLUMN estimated_waiting_time_queue integer NOT NULL DEFAULT 9999999,
    ADD CONSTRAINT inquiries_priority_fkey FOREIGN KEY (priority_id, priority_weight)
        REFERENCES priorities (id, sort_item) ON UPDATE CASCADE ON DELETE SET DEFAULT,
    ADD CONSTRAINT inquiries_sla_fkey FOREIGN KEY (sla_id, estimated_waiting_time_queue)
        REFERENCES slas (id, due_time_minutes) ON UPDATE CASCADE ON DELETE SET DEFAULT,
    ADD CONSTRAINT inquiries_priority_weight_check CHECK (priority_id IS NOT NULL OR priority_weight = 99),
    ADD CONSTRAINT inquiries_estimated_waiting_time_queue_check
        CHECK (sla_id IS NOT NULL OR estimated_waiting_time_queue = 9999999);

COMMENT ON COLUMN inquiries.priority_id IS 'The chat''s priority, or NULL for none.';
COMMENT ON COLUMN inquiries.priority_weight IS 'Its priority''s sort_item (1 highest), 99 without one: the Priority order.';
COMMENT ON COLUMN inquiries.sla_id IS 'The chat''s SLA, or NULL for none.';
COMMENT ON COLUMN inquiries.estimated_waiting_time_queue IS 'Its SLA''s due time in minutes, 9999999 without one: the '
    'SLAs order.';

-- Deleting an SLA finds its inquiries here (the foreign key's SET DEFAULT), as does changing its due time.
CREATE INDEX inquiries_sla_id_idx ON inquiries (sla_id, estimated_waiting_time_queue) WHERE sla_id IS NOT NULL;

-- The queue orders of Omnichannel_sorting_mechanism, per department, beside V1's (department_id, ts) index: Priority
-- is priority_weight then ts, SLAs estimated_waiting_time_queue then ts; the queued inquiries only.
CREATE INDEX inquiries_queued_department_priority_ts_idx
    ON inquiries (department_id, priority_weight, ts, id COLLATE "C")
    WHERE status = 'queued';

CREATE INDEX inquiries_queued_department_sla_ts_idx
    ON inquiries (department_id, estimated_waiting_time_queue, ts, id COLLATE "C")
    WHERE status = 'queued';

-- A priority or SLA named by id or by name, as department_id_of names departments: the id wins, then the name (a
-- priority's custom name, else its default one). NULL when it names none.
CREATE FUNCTION priority_id_of(named text) RETURNS text
    LANGUAGE sql
    STABLE
    SET search_path = "${flyway:defaultSchema}"
AS $$
    SELECT p.id
      FROM priorities p
     WHERE p.id = named OR coalesce(p.name, p.i18n) = named
     ORDER BY p.id = named DESC, p.sort_item
     LIMIT 1;
$$;

COMMENT ON FUNCTION priority_id_of(text) IS 'The id of the priority a request names by id or by name (the id wins), or '
    'NULL when it names none.';

CREATE FUNCTION sla_id_of(named text) RETURNS text
    LANGUAGE sql
    STABLE
    SET search_path = "${flyway:defaultSchema}"
AS $$
    SELECT s.id
      FROM slas s
     WHERE s.id = named OR s.name = named
     ORDER BY s.id = named DESC
     LIMIT 1;
$$;

COMMENT ON FUNCTION sla_id_of(text) IS 'The id of the SLA a request names by id or by name (the id wins), or NULL when it '
    'names none.';

-- The stream: a change of an inquiry's priority or SLA (by the service, or by the cascades above) is a change of the
-- inquiry, a 'changed' event for whoever sees it. V25's update trigger, with the four columns in its comparison.
CREATE OR REPLACE FUNCTION queue_changes_after_update() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = "${flyway:defaultSchema}"
AS $$
BEGIN
    IF (SELECT count(*) FROM new_rows) > queue_changes_row_limit() THEN
        PERFORM queue_changes_reset();
        RETURN NULL;
    END IF;
    INSERT INTO queue_changes (kind, inquiry_id, rid, name, ts, status, department_id,
                               old_status, old_department_id, old_default_agent_id, old_taken_by,
                               new_status, new_department_id, new_default_agent_id, new_taken_by)
    SELECT CASE WHEN n.id IS NULL THEN 'delete' WHEN o.id IS NULL THEN 'insert' ELSE 'update' END,
           coalesce(n.id, o.id), coalesce(n.rid, o.rid), coalesce(n.name, o.name), coalesce(n.ts, o.ts),
           CASE WHEN n.id IS NULL THEN o.status ELSE n.status END,
           CASE WHEN n.id IS NULL THEN o.department_id ELSE n.department_id END,
           o.status, o.department_id, o.default_agent_id, o.taken_by,
           n.status, n.department_id, n.default_agent_id, n.taken_by
      FROM old_rows o
      FULL JOIN new_rows n ON n.id = o.id
     WHERE o.id IS NULL OR n.id IS NULL
        OR (o.rid, o.name, o.ts, o.status, o.department_id, o.default_agent_id, o.taken_by,
            o.priority_id, o.priority_weight, o.sla_id, o.estimated_waiting_time_queue)
           IS DISTINCT FROM (n.rid, n.name, n.ts, n.status, n.department_id, n.default_agent_id, n.taken_by,
                             n.priority_id, n.priority_weight, n.sla_id, n.estimated_waiting_time_queue)
     ORDER BY coalesce(n.id, o.id);
    IF FOUND THEN
        PERFORM pg_notify('inquiries_queue_changed', '');
    END IF;
    RETURN NULL;
END;
$$;

-- The permissions, with Rocket.Chat's default grants; reading both needs view-l-room (or these).
INSERT INTO permissions (id, description) VALUES
    ('manage-livechat-priorities', 'Rename the livechat priorities and reset their names'),
    ('manage-livechat-sla', 'Create, change and delete the livechat SLAs');

INSERT INTO role_permissions (role_id, permission_id) VALUES
    ('livechat-manager', 'manage-livechat-priorities'),
    ('admin', 'manage-livechat-priorities'),
    ('livechat-manager', 'manage-livechat-sla'),
    ('admin', 'manage-livechat-sla');
