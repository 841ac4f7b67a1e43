-- The log of changes to inquiries that GET /api/v1/livechat/inquiries.stream serves, written by statement
-- triggers (as V4's counts are) so that every writer - this service, another instance of it, psql, an import -
-- produces the events. A NOTIFY is only a wake-up; the rows are the truth.
--
-- Positions. A row gets its id (bigserial) inside the writing transaction, which is not commit order: two
-- transactions may commit in the opposite order of their ids. So rows are written with position NULL, and
-- queue_changes_sequence() gives positions to the rows that are committed: whichever instance gets the
-- advisory lock numbers every visible unsequenced row after the highest position, in id order. Why that is right:
-- * a row gets a position only once it is committed, and positions only grow (one sequencer at a time, each
--   pass after the last one's commit): a reader that has read up to position p never sees a later row appear at
--   or below p, so reading "position > p" misses nothing and repeats nothing, on every instance alike;
-- * two changes of one inquiry are in the order they happened: the second writer waits for the first one's row
--   lock, so the first change's id is allocated (and committed) before the second's;
-- * changes of different inquiries that commit between two passes are numbered by id; their relative order says
--   nothing about any one inquiry, so any order of them is a correct history.
SET LOCAL lock_timeout = '5s';

CREATE TABLE queue_changes (
    id                   bigserial   PRIMARY KEY,
    position             bigint      NULL UNIQUE,
    kind                 text        NOT NULL CHECK (kind IN ('insert', 'update', 'delete', 'reset')),
    inquiry_id           text        NULL,
    rid                  text        NULL,
    name                 text        NULL,
    ts                   timestamptz NULL,
    status               text        NULL,
    department_id        text        NULL,
    old_status           text        NULL,
    old_department_id    text        NULL,
    old_default_agent_id text        NULL,
    old_taken_by         text        NULL,
    new_status           text        NULL,
    new_department_id    text        NULL,
    new_default_agent_id text        NULL,
    new_taken_by         text        NULL,
    recorded_at          timestamptz NOT NULL DEFAULT now(),
    CHECK ((kind = 'reset') = (inquiry_id IS NULL))
);

COMMENT ON TABLE queue_changes IS 'Kept by triggers on inquiries: one row per changed inquiry, or one reset row for a '
    'statement touching more than 1,000 inquiries or a TRUNCATE. Positions are given after commit by '
    'queue_changes_sequence(); the service trims old rows (stream.changes.keep).';
COMMENT ON COLUMN queue_changes.position IS 'The change''s place in the stream (SSE id), in commit order; NULL until sequenced.';
COMMENT ON COLUMN queue_changes.status IS 'The list fields (inquiry_id, rid, name, ts, status, department_id): the row '
    'after the change, or before it for a delete.';
COMMENT ON COLUMN queue_changes.old_status IS 'old_*: the row before the change (NULL for an insert); new_*: after it '
    '(NULL for a delete). Whether a subscriber saw the inquiry before and sees it after follows from them.';

CREATE INDEX queue_changes_unsequenced_idx ON queue_changes (id) WHERE position IS NULL;

-- More rows than this in one statement write one reset instead of a row each (and subscribers reload the list).
-- A bulk import of 100,000 rows thus costs one log row and one notification.
CREATE FUNCTION queue_changes_row_limit() RETURNS integer
    LANGUAGE sql IMMUTABLE
    SET search_path = "${flyway:defaultSchema}"
AS $$ SELECT 1000 $$;

-- One wake-up per statement, with no payload to speak of: listeners read the log.
CREATE FUNCTION queue_changes_reset() RETURNS void
    LANGUAGE sql
    SET search_path = "${flyway:defaultSchema}"
AS $$
    INSERT INTO queue_changes (kind) VALUES ('reset');
    SELECT pg_notify('inquiries_queue_changed', '');
$$;

CREATE FUNCTION queue_changes_after_insert() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = "${flyway:defaultSchema}"
AS $$
BEGIN
    IF (SELECT count(*) FROM new_rows) > queue_changes_row_limit() THEN
        PERFORM queue_changes_reset();
        RETURN NULL;
    END IF;
    INSERT INTO queue_changes (kind, inquiry_id, rid, name, ts, status, department_id,
                               new_status, new_department_id, new_default_agent_id, new_taken_by)
    SELECT 'insert', id, rid, name, ts, status, department_id, status, department_id, default_agent_id, taken_by
      FROM new_rows
     ORDER BY id;
    IF FOUND THEN
        PERFORM pg_notify('inquiries_queue_changed', '');
    END IF;
    RETURN NULL;
END;
$$;

CREATE FUNCTION queue_changes_after_delete() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = "${flyway:defaultSchema}"
AS $$
BEGIN
    IF (SELECT count(*) FROM old_rows) > queue_changes_row_limit() THEN
        PERFORM queue_changes_reset();
        RETURN NULL;
    END IF;
    INSERT INTO queue_changes (kind, inquiry_id, rid, name, ts, status, department_id,
                               old_status, old_department_id, old_default_agent_id, old_taken_by)
    SELECT 'delete', id, rid, name, ts, status, department_id, status, department_id, default_agent_id, taken_by
      FROM old_rows
     ORDER BY id;
    IF FOUND THEN
        PERFORM pg_notify('inquiries_queue_changed', '');
    END IF;
    RETURN NULL;
END;
$$;

-- Rows are paired by id; an update that changes an id is the old id's delete and the new id's insert. An update
-- that changes none of the recorded columns (only updated_at, say) records nothing.
CREATE FUNCTION queue_changes_after_update() RETURNS trigger
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
        OR (o.rid, o.name, o.ts, o.status, o.department_id, o.default_agent_id, o.taken_by)
           IS DISTINCT FROM (n.rid, n.name, n.ts, n.status, n.department_id, n.default_agent_id, n.taken_by)
     ORDER BY coalesce(n.id, o.id);
    IF FOUND THEN
        PERFORM pg_notify('inquiries_queue_changed', '');
    END IF;
    RETURN NULL;
END;
$$;

CREATE FUNCTION queue_changes_after_truncate() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = "${flyway:defaultSchema}"
AS $$
BEGIN
    PERFORM queue_changes_reset();
    RETURN NULL;
END;
$$;

CREATE TRIGGER inquiries_queue_changes_insert AFTER INSERT ON inquiries
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION queue_changes_after_insert();
CREATE TRIGGER inquiries_queue_changes_delete AFTER DELETE ON inquiries
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION queue_changes_after_delete();
CREATE TRIGGER inquiries_queue_changes_update AFTER UPDATE ON inquiries
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION queue_changes_after_update();
CREATE TRIGGER inquiries_queue_changes_truncate AFTER TRUNCATE ON inquiries
    FOR EACH STATEMENT EXECUTE FUNCTION queue_changes_after_truncate();

-- Numbers the committed unsequenced rows (see the top of this file), when no other session is doing so; returns
-- how many it numbered, and wakes every listener once when that is any. The lock is the transaction's: it is
-- released at commit, after which the next pass (any instance's) sees these positions.
CREATE FUNCTION queue_changes_sequence() RETURNS bigint
    LANGUAGE plpgsql
    SET search_path = "${flyway:defaultSchema}"
AS $$
DECLARE
    numbered bigint;
BEGIN
    -- 0x51756575 ('Queu'): the one advisory lock this service takes.
    IF NOT pg_try_advisory_xact_lock(1366648181) THEN
        RETURN 0;
    END IF;
    WITH base AS (SELECT coalesce(max(position), 0) AS last FROM queue_changes),
         numbered_rows AS (
             SELECT c.id, base.last + row_number() OVER (ORDER BY c.id) AS position
               FROM queue_changes c, base
              WHERE c.position IS NULL)
    UPDATE queue_changes c
       SET position = numbered_rows.position
      FROM numbered_rows
     WHERE c.id = numbered_rows.id;
    GET DIAGNOSTICS numbered = ROW_COUNT;
    IF numbered > 0 THEN
        PERFORM pg_notify('inquiries_queue_sequenced', '');
    END IF;
    RETURN numbered;
END;
$$;
