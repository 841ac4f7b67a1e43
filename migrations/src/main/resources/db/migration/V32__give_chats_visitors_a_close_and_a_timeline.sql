-- The life of a chat (CONTRACT.md, "The life of a chat"): visitors who open chats, a chat that ends (closed), and
-- the timeline of every chat, kept for the reports.
--
-- A chat's room and its inquiry are one row of inquiries (rid is the room's id): its state
-- is one status column, so the states cannot disagree whoever writes them. A room is open until its inquiry is
-- 'closed'; a served room has the one agent of taken_by; a closed room's inquiry is in no queue, because its status
-- is 'closed'. Closed chats stay in the table (the queue's reads only see the partial indexes of queued rows), and
-- a closed chat never opens again: a visitor's next chat is a new room.
SET LOCAL lock_timeout = '5s';

LOCK TABLE inquiries IN SHARE ROW EXCLUSIVE MODE;

-- Visitors: the people asking, known by the token their client makes. The username of a new one is guest-<n>.
CREATE SEQUENCE visitor_numbers;

CREATE TABLE visitors (
    id            text        PRIMARY KEY CHECK (id <> ''),
    token         text        NOT NULL UNIQUE CHECK (token <> ''),
    username      text        NOT NULL UNIQUE CHECK (username <> ''),
    name          text        NULL,
    email         text        NULL,
    phone         text        NULL,
    department_id text        NULL REFERENCES departments (id) ON DELETE SET NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now()
);

COMMENT ON TABLE visitors IS 'The people who open chats (livechat/visitor), by the token their client makes.';
COMMENT ON COLUMN visitors.username IS 'guest-<n> (visitor_numbers) unless the visitor gave one.';
COMMENT ON COLUMN visitors.department_id IS 'The department the visitor''s next chat goes to, if any.';

-- The chat's end, on its inquiry. closer: who ended it (the visitor, a user, or the system, such as a wait limit);
-- closed_by: that visitor's or user's id.
ALTER TABLE inquiries
    ADD COLUMN visitor_id    text        NULL REFERENCES visitors (id),
    ADD COLUMN closed_at     timestamptz NULL CHECK (isfinite(closed_at)),
    ADD COLUMN closer        text        NULL CHECK (closer IN ('visitor', 'user', 'system')),
    ADD COLUMN closed_by     text        NULL,
    ADD COLUMN close_comment text        NULL,
    ADD COLUMN close_tags    text[]      NULL;

ALTER TABLE inquiries DROP CONSTRAINT inquiries_status_check;
ALTER TABLE inquiries ADD CONSTRAINT inquiries_status_check
    CHECK (status IN ('verifying', 'queued', 'taken', 'ready', 'open', 'closed'));
ALTER TABLE inquiries ADD CONSTRAINT inquiries_closed_check
    CHECK ((status = 'closed') = (closed_at IS NOT NULL) AND (status = 'closed') = (closer IS NOT NULL));

COMMENT ON COLUMN inquiries.status IS 'queued: waiting for an agent; taken: served by taken_by; closed: the chat ended '
    '(closed_at, closer); verifying, ready, open: other Rocket.Chat states. A closed chat never opens again.';
COMMENT ON COLUMN inquiries.visitor_id IS 'The visitor whose chat it is; NULL for a chat written by SQL without one.';
COMMENT ON COLUMN inquiries.closer IS 'Who closed the chat: visitor, user or system.';
COMMENT ON COLUMN inquiries.closed_by IS 'The id of the visitor or user who closed it (NULL for system).';

-- One open chat per visitor: the second of two concurrent "open a chat" requests of one visitor meets the first's
-- row here and answers with it. (A room opened through the API has one inquiry; rows written by SQL may share a
-- rid, and then they are one room.)
CREATE UNIQUE INDEX inquiries_open_visitor_key ON inquiries (visitor_id)
    WHERE visitor_id IS NOT NULL AND status <> 'closed';
-- The rooms of one visitor, and the closed chats by time (livechat/rooms, the reports).
CREATE INDEX inquiries_visitor_id_idx ON inquiries (visitor_id) WHERE visitor_id IS NOT NULL;
CREATE INDEX inquiries_closed_at_idx ON inquiries (closed_at) WHERE closed_at IS NOT NULL;

-- A closed chat stays closed: the one row trigger on inquiries keeps updated_at and now refuses a reopening.
CREATE OR REPLACE FUNCTION inquiries_touch_updated_at() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = "${flyway:defaultSchema}"
AS $$
BEGIN
    IF OLD.status = 'closed' AND NEW.status <> 'closed' THEN
        RAISE EXCEPTION 'inquiry % is closed; a closed chat does not open again', OLD.id
            USING ERRCODE = 'check_violation', CONSTRAINT = 'inquiries_closed_stays_closed';
    END IF;
    IF NEW.updated_at IS NOT DISTINCT FROM OLD.updated_at THEN
        NEW.updated_at := now();
    END IF;
    RETURN NEW;
END;
$$;

-- The timeline: one row per step of every chat, written by statement triggers on inquiries, so that every writer
-- (the service, psql, an import) records its steps. Append-only: nothing here is updated or deleted by the
-- service. actor_id: who did it, as the writing transaction names it with
-- SET LOCAL inquiries.actor = '<user or visitor id>' (the service always does; NULL when a writer does not).
CREATE TABLE chat_events (
    id                 bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    inquiry_id         text        NOT NULL,
    room_id            text        NOT NULL,
    kind               text        NOT NULL
        CHECK (kind IN ('arrived', 'queued', 'taken', 'returned', 'forwarded', 'closed')),
    at                 timestamptz NOT NULL DEFAULT now(),
    status             text        NOT NULL,
    from_status        text        NULL,
    department_id      text        NULL,
    from_department_id text        NULL,
    agent_id           text        NULL,
    from_agent_id      text        NULL,
    actor_id           text        NULL,
    closer             text        NULL,
    comment            text        NULL
);

COMMENT ON TABLE chat_events IS 'The timeline of every chat, one row per step, written by triggers on inquiries: '
    'arrived (inserted), queued (entered the queue otherwise), taken (by agent_id), returned (from_agent_id put it '
    'back in the queue), forwarded (to another department and/or agent: from_* to *), closed (closer, comment). '
    'Kept for the reports; the service never updates or deletes a row.';
COMMENT ON COLUMN chat_events.at IS 'When: the writing transaction''s time (now()); steps of one transaction by id.';
COMMENT ON COLUMN chat_events.status IS 'The inquiry''s status after the step; from_status before it.';
COMMENT ON COLUMN chat_events.agent_id IS 'Who serves the chat after the step (taken_by); from_agent_id before it.';
COMMENT ON COLUMN chat_events.actor_id IS 'Who made the step: the user or visitor the writing transaction names '
    '(SET LOCAL inquiries.actor), or NULL.';

CREATE INDEX chat_events_inquiry_id_idx ON chat_events (inquiry_id, id);
CREATE INDEX chat_events_at_idx ON chat_events (at);

-- The chats already there: their arrival (at their ts) and, for taken ones, their take.
INSERT INTO chat_events (inquiry_id, room_id, kind, at, status, department_id, agent_id)
SELECT id, rid, 'arrived', least(ts, created_at), status, department_id, NULL
  FROM inquiries
 ORDER BY ts, id;
INSERT INTO chat_events (inquiry_id, room_id, kind, at, status, from_status, department_id, agent_id)
SELECT id, rid, 'taken', taken_at, status, 'queued', department_id, taken_by
  FROM inquiries
 WHERE taken_at IS NOT NULL
 ORDER BY taken_at, id;

CREATE FUNCTION chat_actor() RETURNS text
    LANGUAGE sql STABLE
AS $$ SELECT nullif(current_setting('inquiries.actor', true), '') $$;

COMMENT ON FUNCTION chat_actor() IS 'The user or visitor the writing transaction names as the actor of its steps '
    '(SET LOCAL inquiries.actor), or NULL.';

CREATE FUNCTION chat_events_after_insert() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = "${flyway:defaultSchema}"
AS $$
BEGIN
    INSERT INTO chat_events (inquiry_id, room_id, kind, status, department_id, agent_id, actor_id)
    SELECT n.id, n.rid, 'arrived', n.status, n.department_id, n.taken_by, chat_actor()
      FROM new_rows n
     ORDER BY n.ts, n.id;
    RETURN NULL;
END;
$$;

-- Which step an update is, from the row before and after it. A change of department, or of the serving agent
-- while served, is a forward (whatever else changed with it); a close is a close.
CREATE FUNCTION chat_step(old_status text, new_status text, old_department text, new_department text,
                          old_agent text, new_agent text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
    SELECT CASE
        WHEN new_status = 'closed' AND old_status <> 'closed' THEN 'closed'
        WHEN new_department IS DISTINCT FROM old_department
          OR (new_status = 'taken' AND old_agent IS NOT NULL AND new_agent IS NOT NULL AND new_agent <> old_agent)
            THEN 'forwarded'
        WHEN new_status = 'taken' AND old_status <> 'taken' THEN 'taken'
        WHEN inquiry_is_queued(new_status) AND old_status = 'taken' THEN 'returned'
        WHEN inquiry_is_queued(new_status) AND NOT inquiry_is_queued(old_status) THEN 'queued'
    END
$$;

COMMENT ON FUNCTION chat_step(text, text, text, text, text, text) IS 'The timeline step (chat_events.kind) an update '
    'of an inquiry is, or NULL when it is none (a rename, say).';

CREATE FUNCTION chat_events_after_update() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = "${flyway:defaultSchema}"
AS $$
BEGIN
    INSERT INTO chat_events (inquiry_id, room_id, kind, status, from_status, department_id, from_department_id,
                             agent_id, from_agent_id, actor_id, closer, comment)
    SELECT n.id, n.rid, step.kind, n.status, o.status, n.department_id, o.department_id,
           n.taken_by, o.taken_by, chat_actor(),
           CASE WHEN step.kind = 'closed' THEN n.closer END,
           CASE WHEN step.kind = 'closed' THEN n.close_comment END
      FROM new_rows n
      JOIN old_rows o ON o.id = n.id
     CROSS JOIN LATERAL (SELECT chat_step(o.status, n.status, o.department_id, n.department_id,
                                          o.taken_by, n.taken_by) AS kind) AS step
     WHERE step.kind IS NOT NULL
     ORDER BY n.ts, n.id;
    RETURN NULL;
END;
$$;

CREATE TRIGGER inquiries_chat_events_insert AFTER INSERT ON inquiries
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION chat_events_after_insert();
CREATE TRIGGER inquiries_chat_events_update AFTER UPDATE ON inquiries
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION chat_events_after_update();

-- The permissions of moving and ending chats, with Rocket.Chat's default grants.
INSERT INTO permissions (id, description) VALUES
    ('close-livechat-room', 'Close a livechat room one serves'),
    ('close-others-livechat-room', 'Close livechat rooms others serve'),
    ('transfer-livechat-guest', 'Forward a livechat room to another agent or department'),
    ('view-livechat-rooms', 'List the livechat rooms');

INSERT INTO role_permissions (role_id, permission_id) VALUES
    ('livechat-agent', 'close-livechat-room'),
    ('livechat-manager', 'close-livechat-room'),
    ('livechat-monitor', 'close-livechat-room'),
    ('admin', 'close-livechat-room'),
    ('livechat-manager', 'close-others-livechat-room'),
    ('livechat-monitor', 'close-others-livechat-room'),
    ('admin', 'close-others-livechat-room'),
    ('livechat-manager', 'transfer-livechat-guest'),
    ('livechat-monitor', 'transfer-livechat-guest'),
    ('admin', 'transfer-livechat-guest'),
    ('livechat-manager', 'view-livechat-rooms'),
    ('livechat-monitor', 'view-livechat-rooms'),
    ('admin', 'view-livechat-rooms');

-- An agent's load: the chats it serves now (routing compares it with the agent's capacity).
CREATE VIEW agent_open_chats AS
SELECT a.user_id, count(i.id) AS open_chats
  FROM livechat_agents a
  LEFT JOIN inquiries i ON i.taken_by = a.user_id AND i.status = 'taken'
 GROUP BY a.user_id;

COMMENT ON VIEW agent_open_chats IS 'Each agent and the open chats it serves now (taken, not closed).';

-- Reporting. Public names, like V20's and V24's views: columns may be added, never renamed or dropped.
-- Per chat: when it arrived, how long it waited until someone first took it, how long it was served, how often it
-- went back to the queue or was forwarded, and whether it was abandoned (closed while waiting in the queue).
CREATE VIEW chat_reports AS
SELECT i.id                                       AS inquiry_id,
       i.rid                                      AS room_id,
       i.visitor_id,
       i.department_id,
       d.name                                     AS department_name,
       coalesce(arrived.at, i.ts)                 AS arrived_at,
       first_take.at                              AS first_taken_at,
       first_take.agent_id                        AS first_agent_id,
       first_take.at - coalesce(arrived.at, i.ts) AS wait_until_first_take,
       i.status,
       i.closed_at,
       i.closer,
       i.closed_at - first_take.at                AS handling_time,
       steps.returns,
       steps.forwards,
       coalesce(steps.abandoned, false)           AS abandoned
  FROM inquiries i
  LEFT JOIN departments d ON d.id = i.department_id
  LEFT JOIN LATERAL (SELECT e.at FROM chat_events e
                      WHERE e.inquiry_id = i.id AND e.kind = 'arrived'
                      ORDER BY e.id LIMIT 1) AS arrived ON true
  LEFT JOIN LATERAL (SELECT e.at, e.agent_id FROM chat_events e
                      WHERE e.inquiry_id = i.id AND e.kind IN ('taken', 'forwarded') AND e.agent_id IS NOT NULL
                      ORDER BY e.id LIMIT 1) AS first_take ON true
  LEFT JOIN LATERAL (SELECT count(*) FILTER (WHERE e.kind = 'returned')  AS returns,
                            count(*) FILTER (WHERE e.kind = 'forwarded') AS forwards,
                            bool_or(e.kind = 'closed' AND inquiry_is_queued(e.from_status)) AS abandoned
                       FROM chat_events e
                      WHERE e.inquiry_id = i.id) AS steps ON true;

COMMENT ON VIEW chat_reports IS 'One row per chat: arrival, wait until the first take, handling time (first take to '
    'close), returns, forwards, and whether it was abandoned (closed while queued).';
COMMENT ON COLUMN chat_reports.arrived_at IS 'When the chat arrived (its arrived step; its ts for chats older than the '
    'timeline).';
COMMENT ON COLUMN chat_reports.wait_until_first_take IS 'first_taken_at - arrived_at; NULL while nobody took it.';
COMMENT ON COLUMN chat_reports.handling_time IS 'closed_at - first_taken_at; NULL while open or never taken.';
COMMENT ON COLUMN chat_reports.abandoned IS 'Closed while waiting in the queue (by the visitor or the system).';

CREATE VIEW chats_by_department_hour AS
SELECT department_id,
       department_name,
       date_trunc('hour', arrived_at AT TIME ZONE 'UTC')                           AS hour,
       count(*)                                                                    AS arrivals,
       count(first_taken_at)                                                       AS answered,
       count(*) FILTER (WHERE abandoned)                                           AS abandoned,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY wait_until_first_take)          AS wait_p50,
       percentile_cont(0.9) WITHIN GROUP (ORDER BY wait_until_first_take)          AS wait_p90,
       max(wait_until_first_take)                                                  AS wait_max
  FROM chat_reports
 GROUP BY department_id, department_name, date_trunc('hour', arrived_at AT TIME ZONE 'UTC');

COMMENT ON VIEW chats_by_department_hour IS 'Per department (NULL: without one) and UTC hour of arrival: arrivals, '
    'how many someone took (answered), how many were abandoned while queued, and the wait until the first take '
    '(median and 90th percentile interpolated, longest) of those taken.';
