-- The agents' side of the queue: which agents belong to which departments, units that group departments
-- and the monitors assigned to them, who took an inquiry and when, and the permissions that guard them.
-- Every new column has a default, so rows written with only the earlier columns still work; an import may
-- set the new ones.
SET LOCAL lock_timeout = '5s';

-- Rocket.Chat's livechat_department_agents: one row per agent and department, with an id of its own (the
-- API's _id of a membership).
CREATE TABLE department_agents (
    id            text        PRIMARY KEY CHECK (id <> ''),
    department_id text        NOT NULL REFERENCES departments (id) ON DELETE CASCADE,
    user_id       text        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at    timestamptz NOT NULL DEFAULT now(),
    UNIQUE (department_id, user_id)
);

COMMENT ON TABLE department_agents IS 'Which agents belong to which departments. The agents of a disabled department '
    'are not its members for any rule: read enabled_department_agents for membership.';
COMMENT ON COLUMN department_agents.id IS 'The membership''s own id (the API''s _id).';

CREATE INDEX department_agents_user_id_idx ON department_agents (user_id);

-- The one definition of membership: an agent belongs to a department only while the department is enabled.
CREATE VIEW enabled_department_agents AS
SELECT da.id, da.department_id, da.user_id
  FROM department_agents da
  JOIN departments d ON d.id = da.department_id
 WHERE d.enabled;

COMMENT ON VIEW enabled_department_agents IS 'The memberships that count: those of enabled departments.';

CREATE TABLE units (
    id         text        PRIMARY KEY CHECK (id <> ''),
    name       text        NOT NULL UNIQUE CHECK (name <> ''),
    created_at timestamptz NOT NULL DEFAULT now()
);

COMMENT ON TABLE units IS 'Groups of departments; monitors assigned to a unit see its departments.';

CREATE TABLE unit_departments (
    unit_id       text NOT NULL REFERENCES units (id) ON DELETE CASCADE,
    department_id text NOT NULL REFERENCES departments (id) ON DELETE CASCADE,
    PRIMARY KEY (unit_id, department_id)
);

CREATE INDEX unit_departments_department_id_idx ON unit_departments (department_id);

CREATE TABLE unit_monitors (
    unit_id text NOT NULL REFERENCES units (id) ON DELETE CASCADE,
    user_id text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    PRIMARY KEY (unit_id, user_id)
);

COMMENT ON TABLE unit_monitors IS 'The monitors (role livechat-monitor) assigned to each unit.';

CREATE INDEX unit_monitors_user_id_idx ON unit_monitors (user_id);

ALTER TABLE inquiries
    ADD COLUMN taken_by         text        NULL REFERENCES users (id) ON DELETE SET NULL,
    ADD COLUMN taken_at         timestamptz NULL CHECK (isfinite(taken_at)),
    ADD COLUMN queued_at        timestamptz NULL CHECK (isfinite(queued_at)),
    ADD COLUMN default_agent_id text        NULL REFERENCES users (id) ON DELETE SET NULL,
    ADD COLUMN updated_at       timestamptz NOT NULL DEFAULT now();

COMMENT ON COLUMN inquiries.taken_by IS 'The agent who took it; NULL while nobody has.';
COMMENT ON COLUMN inquiries.taken_at IS 'When it was taken; NULL while nobody has.';
COMMENT ON COLUMN inquiries.queued_at IS 'When it entered the queue, where recorded; NULL: not recorded.';
COMMENT ON COLUMN inquiries.default_agent_id IS 'The agent it is routed to, or NULL for whoever may take it.';
COMMENT ON COLUMN inquiries.updated_at IS 'When the row last changed; kept by a trigger on every UPDATE.';

-- Partial: most inquiries have neither; these keep a user's deletion (ON DELETE SET NULL) and the lookups of
-- what an agent took or is routed to off a scan of the whole table.
CREATE INDEX inquiries_taken_by_idx ON inquiries (taken_by) WHERE taken_by IS NOT NULL;
CREATE INDEX inquiries_default_agent_id_idx ON inquiries (default_agent_id) WHERE default_agent_id IS NOT NULL;

-- A row trigger BEFORE the update, beside V4's statement triggers AFTER it (which keep the queue counts and
-- read only status and department_id, so they are not disturbed). An update that sets updated_at itself (an
-- import) keeps its value; any other gets now(). Pinned to the schema as V21 pins the queue's functions.
CREATE FUNCTION inquiries_touch_updated_at() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = "${flyway:defaultSchema}"
AS $$
BEGIN
    IF NEW.updated_at IS NOT DISTINCT FROM OLD.updated_at THEN
        NEW.updated_at := now();
    END IF;
    RETURN NEW;
END;
$$;

CREATE TRIGGER inquiries_updated_at BEFORE UPDATE ON inquiries
    FOR EACH ROW EXECUTE FUNCTION inquiries_touch_updated_at();

INSERT INTO permissions (id, description) VALUES
    ('view-livechat-departments', 'See the livechat departments'),
    ('manage-livechat-agents', 'Manage livechat agents, such as another agent''s status');

INSERT INTO role_permissions (role_id, permission_id) VALUES
    ('livechat-manager', 'view-livechat-departments'),
    ('livechat-monitor', 'view-livechat-departments'),
    ('admin', 'view-livechat-departments'),
    ('livechat-manager', 'manage-livechat-agents'),
    ('admin', 'manage-livechat-agents');
