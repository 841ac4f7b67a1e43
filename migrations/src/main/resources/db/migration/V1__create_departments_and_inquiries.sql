-- The queue: departments and the inquiries waiting in them.
-- Table and column names are a public surface (SQL reports, scripts): keep them stable.
SET LOCAL lock_timeout = '5s';

CREATE TABLE departments (
    id         text        PRIMARY KEY CHECK (id <> ''),
    name       text        NOT NULL UNIQUE,
    enabled    boolean     NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL DEFAULT now()
);

COMMENT ON TABLE departments IS 'Groups of agents; an inquiry may belong to one.';
COMMENT ON COLUMN departments.name IS 'Unique; the list endpoint accepts a department by id or by name.';

CREATE TABLE inquiries (
    id            text        PRIMARY KEY CHECK (id <> ''),
    rid           text        NOT NULL,
    name          text        NOT NULL,
    ts            timestamptz NOT NULL CHECK (isfinite(ts)),
    status        text        NOT NULL CHECK (status IN ('verifying', 'queued', 'taken', 'ready', 'open')),
    department_id text        NULL REFERENCES departments (id),
    created_at    timestamptz NOT NULL DEFAULT now()
);

COMMENT ON TABLE inquiries IS 'Incoming chats. queued: waiting for an agent; taken: an agent took it (it is a room now); '
    'verifying: not yet in the queue; ready, open: other Rocket.Chat states. The list shows queued only.';
COMMENT ON COLUMN inquiries.rid IS 'The id of the room the chat happens in.';
COMMENT ON COLUMN inquiries.name IS 'The visitor''s name.';
COMMENT ON COLUMN inquiries.ts IS 'When the inquiry was queued.';
COMMENT ON COLUMN inquiries.department_id IS 'The department, or NULL for none.';

-- The queued list in the default order (ts descending, then id), all and per department, is read from
-- these partial indexes. Text sort keys use the "C" collation: byte order, as Rocket.Chat's MongoDB
-- sorts, and the same whatever the database's locale.
CREATE INDEX inquiries_queued_ts_idx
    ON inquiries (ts, id COLLATE "C")
    WHERE status = 'queued';

CREATE INDEX inquiries_queued_department_ts_idx
    ON inquiries (department_id, ts, id COLLATE "C")
    WHERE status = 'queued';

CREATE INDEX inquiries_department_id_idx ON inquiries (department_id);
