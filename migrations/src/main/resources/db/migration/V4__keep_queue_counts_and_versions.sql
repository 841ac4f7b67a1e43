-- Totals and versions of the queue, kept by triggers in the same transaction as every change, so that any
-- writer (the API, an import, a DBA with psql) keeps them right and a reader sees them in the same
-- snapshot as the rows they describe. The list reads its total here instead of counting queued rows on
-- every request, and builds its ETag from the versions.
SET LOCAL lock_timeout = '5s';

CREATE TABLE queue_counts (
    department_key text   PRIMARY KEY,
    queued         bigint NOT NULL DEFAULT 0 CHECK (queued >= 0),
    version        bigint NOT NULL DEFAULT 0
);

COMMENT ON TABLE queue_counts IS 'Kept by triggers on inquiries: queued inquiries per department, and a version '
    'that grows whenever a queued inquiry of the department is inserted, changed, moved or deleted.';
COMMENT ON COLUMN queue_counts.department_key IS 'The department''s id, or the empty string for inquiries without one.';

CREATE TABLE department_version (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    version   bigint  NOT NULL DEFAULT 0
);

COMMENT ON TABLE department_version IS 'Grows whenever a department is inserted, renamed or deleted (a filter by '
    'name may then match another department).';

INSERT INTO department_version DEFAULT VALUES;

-- Count what is there, with writers held off until the triggers are in place.
LOCK TABLE inquiries IN SHARE ROW EXCLUSIVE MODE;

INSERT INTO queue_counts (department_key, queued, version)
SELECT coalesce(department_id, ''), count(*), 1
  FROM inquiries
 WHERE status = 'queued'
 GROUP BY 1;

-- Adds a change to one department's count and bumps its version.
CREATE FUNCTION queue_counts_add(key text, delta bigint) RETURNS void
    LANGUAGE sql AS $$
    -- A department's first row can only come from an addition; its CHECK holds the count at zero or more.
    INSERT INTO queue_counts AS counts (department_key, queued, version)
    VALUES (key, greatest(delta, 0), 1)
    ON CONFLICT (department_key) DO UPDATE
        SET queued = counts.queued + delta,
            version = counts.version + 1;
$$;

-- Statement-level triggers with transition tables: a bulk import costs one pass over its rows, not a
-- trigger call per row. Departments are updated in key order, so two statements never lock them in
-- opposite orders. Changes that touch no queued inquiry (a taken chat reopened) leave the queue alone.
CREATE FUNCTION queue_counts_after_insert() RETURNS trigger
    LANGUAGE plpgsql AS $$
DECLARE
    change record;
BEGIN
    FOR change IN
        SELECT coalesce(department_id, '') AS key, count(*) AS delta
          FROM new_rows WHERE status = 'queued'
         GROUP BY 1 ORDER BY 1
    LOOP
        PERFORM queue_counts_add(change.key, change.delta);
    END LOOP;
    RETURN NULL;
END;
$$;

CREATE FUNCTION queue_counts_after_delete() RETURNS trigger
    LANGUAGE plpgsql AS $$
DECLARE
    change record;
BEGIN
    FOR change IN
        SELECT coalesce(department_id, '') AS key, -count(*) AS delta
          FROM old_rows WHERE status = 'queued'
         GROUP BY 1 ORDER BY 1
    LOOP
        PERFORM queue_counts_add(change.key, change.delta);
    END LOOP;
    RETURN NULL;
END;
$$;

-- An update of a queued inquiry bumps its department's version even when the count stays (a new name
-- or time changes the list); one that moves it between departments or statuses moves the count.
CREATE FUNCTION queue_counts_after_update() RETURNS trigger
    LANGUAGE plpgsql AS $$
DECLARE
    change record;
BEGIN
    FOR change IN
        SELECT key, sum(delta) AS delta
          FROM (SELECT coalesce(department_id, '') AS key, 1 AS delta FROM new_rows WHERE status = 'queued'
                UNION ALL
                SELECT coalesce(department_id, ''), -1 FROM old_rows WHERE status = 'queued') AS touched
         GROUP BY key ORDER BY key
    LOOP
        PERFORM queue_counts_add(change.key, change.delta);
    END LOOP;
    RETURN NULL;
END;
$$;

CREATE FUNCTION queue_counts_after_truncate() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    UPDATE queue_counts SET queued = 0, version = version + 1;
    RETURN NULL;
END;
$$;

CREATE TRIGGER inquiries_queue_counts_insert AFTER INSERT ON inquiries
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION queue_counts_after_insert();
CREATE TRIGGER inquiries_queue_counts_delete AFTER DELETE ON inquiries
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION queue_counts_after_delete();
CREATE TRIGGER inquiries_queue_counts_update AFTER UPDATE ON inquiries
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION queue_counts_after_update();
CREATE TRIGGER inquiries_queue_counts_truncate AFTER TRUNCATE ON inquiries
    FOR EACH STATEMENT EXECUTE FUNCTION queue_counts_after_truncate();

CREATE FUNCTION department_version_bump() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    UPDATE department_version SET version = version + 1;
    RETURN NULL;
END;
$$;

CREATE TRIGGER departments_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON departments
    FOR EACH STATEMENT EXECUTE FUNCTION department_version_bump();
