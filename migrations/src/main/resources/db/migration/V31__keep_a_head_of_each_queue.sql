-- The head of each department's queue: a time no queued inquiry of the department is older than, so that a read of
-- the queue from its oldest end starts its index scan there (ts >= head) instead of at the oldest entry of the queued
-- partial indexes. Every take of the oldest inquiries leaves a dead entry at that end, which PostgreSQL can neither
-- remove nor mark dead while any snapshot older than the take is held (a report's REPEATABLE READ transaction), and
-- every oldest-first read would otherwise walk them all, with a heap fetch each.
SET LOCAL lock_timeout = '5s';

-- The invariant, in every snapshot: every department with a queued inquiry has a row, and no queued inquiry of
-- department d has ts < head(d) (so the oldest queued inquiry of all is no older than the least head). The head is a lower bound,
-- not necessarily the oldest queued ts: removing an inquiry (a take, a delete, a move away, a later ts) never breaks
-- it, so those writers never touch queue_heads; only what makes an inquiry queued in d with a ts can, and those
-- writers lower the head in their own transaction (queue_heads_admit, from the statement triggers below). The head
-- is raised only by advance_queue_heads(), which the service calls after takes (QueueHeadAdvancer) and anyone may
-- call. A department without a row has no head (readers take '-infinity'); a department with a row but nothing
-- queued has 'infinity' (the advancer found it empty; the next arrival lowers it).
--
-- Why no reader can miss a queued inquiry. Snapshots in PostgreSQL see a prefix of the order in which transactions
-- end (become visible and release their row locks at one moment), so it is enough that the invariant holds in the
-- committed state after each transaction ends. Call W the transaction that made inquiry r queued in d with ts t (an
-- INSERT, an UPDATE into queued, a move into d, a lower ts: an "arrival"); later updates that keep r queued in d
-- without lowering its ts need no lock (the head stays at or below the old ts). W's trigger holds a lock on d's head
-- row (FOR KEY SHARE, or the row lock of its own UPDATE or INSERT of it) from then until W ends, and lowers the head
-- to t when it is above t. The advancer A locks d's row FOR UPDATE (SKIP LOCKED: it skips a row a writer holds, and
-- never waits), then, in a later statement and so a later READ COMMITTED snapshot S2, sets the head to the oldest
-- queued ts of d that S2 sees ('infinity' if none). FOR UPDATE conflicts with FOR KEY SHARE and with an update, so
-- the two lock intervals never overlap. Either:
--   * W's lock came before A's: W ended before A got its lock (A skips rows that are locked), so before S2 was
--     taken, and S2 sees r queued in d with ts t (or a later version still queued in d with a ts not lower, as
--     nothing else changed it without locking): A's head is <= t;
--   * W's lock came after A ended: W's lock statement waited for A (or came later), and W's lowering runs in a
--     statement after it, whose snapshot sees A's head (a READ COMMITTED writer; a REPEATABLE READ or SERIALIZABLE
--     writer whose snapshot predates A's commit gets 40001 on the lock instead, and the service runs such a
--     transaction again): W lowers it to t unless it is already at or below, and no advancer can raise it while W
--     holds the lock. An advancer after W ends sees r in its S2, as in the first case.
-- A return (taken -> queued with its old ts) and a move between departments are arrivals like any other. Two
-- writers lowering one head wait for each other only when both lower it (the UPDATE's row lock; the second then
-- re-checks the newest head); writers that do not lower share the key-share lock. Departments are locked in key
-- order, so two writers never wait for each other in opposite orders.
--
-- The brief for this migration proposed FOR SHARE for the writers: two arrivals that both hold FOR SHARE and then
-- both lower the head would each wait for the other's share lock (a deadlock, 40P01). FOR KEY SHARE does not conflict
-- with the writers' own UPDATE (which takes FOR NO KEY UPDATE: the key does not change) but does with the advancer's
-- FOR UPDATE, which is all the argument above needs.
--
-- The rows of departments made before the first arrival come from that arrival's INSERT of the row (in its own
-- transaction, so the row and the inquiry become visible together); no statement here ever deletes one.
--
-- Not covered: a writer with triggers disabled (session_replication_role = replica, ALTER TABLE ... DISABLE TRIGGER)
-- bypasses the heads as it bypasses queue_counts. Rows must not be deleted while their department has queued
-- inquiries (the list's head is the least of the rows there are); to forget a head, set it to '-infinity'.

CREATE TABLE queue_heads (
    department_key text        PRIMARY KEY,
    head           timestamptz NOT NULL
);

COMMENT ON TABLE queue_heads IS 'Kept by triggers on inquiries and by advance_queue_heads(): per department, a time no '
    'queued inquiry of it is older than (a lower bound: the oldest-first reads start their index scans there). '
    'A department without a row has no known head; infinity: none queued when last advanced.';
COMMENT ON COLUMN queue_heads.department_key IS 'The department''s id, or the empty string for inquiries without one '
    '(as in queue_counts).';
COMMENT ON COLUMN queue_heads.head IS 'No queued inquiry of the department has an earlier ts, in any snapshot.';

-- The advancer rewrites the rows often: room on each page for HOT updates, and page pruning (which HOT does while no
-- old snapshot is held) keeps the table at a page or two; autovacuum as for queue_counts.
ALTER TABLE queue_heads SET (fillfactor = 50, autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 1000);

-- The heads of what is queued now, with writers held off until the triggers are in place.
LOCK TABLE inquiries IN SHARE ROW EXCLUSIVE MODE;

INSERT INTO queue_heads (department_key, head)
SELECT coalesce(department_id, ''), min(ts)
  FROM inquiries
 WHERE inquiry_is_queued(status)
 GROUP BY 1;

-- An arrival of inquiries into a department's queue, the oldest of them at `oldest`: hold the head row (FOR KEY
-- SHARE, until the writer's transaction ends) and lower it to `oldest` when it is above; the department's first row
-- when it has none (a concurrent first arrival's row wins, and is then held and lowered like any other).
CREATE FUNCTION queue_heads_admit(department text, oldest timestamptz) RETURNS void
    LANGUAGE plpgsql
    SET search_path = "${flyway:defaultSchema}"
AS $$
DECLARE
    known timestamptz;
BEGIN
    LOOP
        SELECT h.head INTO known FROM queue_heads AS h WHERE h.department_key = department FOR KEY SHARE;
        IF FOUND THEN
            IF known > oldest THEN
                -- A statement of its own after the lock: its snapshot sees the newest head, and the WHERE is checked
                -- again against a head another writer lowered meanwhile.
                UPDATE queue_heads AS h SET head = oldest WHERE h.department_key = department AND h.head > oldest;
            END IF;
            RETURN;
        END IF;
        INSERT INTO queue_heads (department_key, head) VALUES (department, oldest)
        ON CONFLICT (department_key) DO NOTHING;
        IF FOUND THEN
            RETURN;
        END IF;
        -- Another writer made the row since this statement's snapshot: lock and lower that one.
    END LOOP;
END;
$$;

COMMENT ON FUNCTION queue_heads_admit(text, timestamptz) IS 'For the triggers on inquiries: inquiries of this department '
    '(key as in queue_counts) become queued, the oldest at this ts; holds the head row and lowers it to that ts.';

CREATE FUNCTION queue_heads_after_insert() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = "${flyway:defaultSchema}"
AS $$
DECLARE
    arrival record;
BEGIN
    FOR arrival IN
        SELECT coalesce(department_id, '') AS department, min(ts) AS oldest
          FROM new_rows WHERE inquiry_is_queued(status)
         GROUP BY 1 ORDER BY 1
    LOOP
        PERFORM queue_heads_admit(arrival.department, arrival.oldest);
    END LOOP;
    RETURN NULL;
END;
$$;

-- An update is an arrival for every row it leaves queued that was not queued in the same department with a ts at
-- least as old before (rows are paired by id; a changed id is an arrival). A take, a rename or a later ts is not.
CREATE FUNCTION queue_heads_after_update() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = "${flyway:defaultSchema}"
AS $$
DECLARE
    arrival record;
BEGIN
    FOR arrival IN
        SELECT coalesce(n.department_id, '') AS department, min(n.ts) AS oldest
          FROM new_rows AS n
          LEFT JOIN old_rows AS o ON o.id = n.id
         WHERE inquiry_is_queued(n.status)
           AND (o.id IS NULL OR NOT inquiry_is_queued(o.status)
                OR o.department_id IS DISTINCT FROM n.department_id OR n.ts < o.ts)
         GROUP BY 1 ORDER BY 1
    LOOP
        PERFORM queue_heads_admit(arrival.department, arrival.oldest);
    END LOOP;
    RETURN NULL;
END;
$$;

-- Named after queue_counts' triggers, so they fire after them (triggers of one event fire in name order): a writer
-- locks its count rows, then its head rows, always in that order.
CREATE TRIGGER inquiries_queue_heads_insert AFTER INSERT ON inquiries
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION queue_heads_after_insert();
CREATE TRIGGER inquiries_queue_heads_update AFTER UPDATE ON inquiries
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION queue_heads_after_update();

-- Raises heads to the oldest queued ts of their departments: those of `department_keys` (as in queue_counts), or
-- all when NULL. Must run in a READ COMMITTED transaction (see the top of this file: its second step needs a snapshot
-- taken after its locks); refuses otherwise. Harmless to call at any time, from any number of sessions: one advances
-- at a time (a transaction-level advisory lock; the others return at once), rows a writer holds are skipped (never
-- waited for) and left for a later call, and it never lowers a head. Returns how many heads moved, and how many it
-- left for a later call (locked by a writer, or all when another session was advancing).
CREATE FUNCTION advance_queue_heads(department_keys text[] DEFAULT NULL, OUT moved integer, OUT skipped integer)
    LANGUAGE plpgsql
    SET search_path = "${flyway:defaultSchema}"
AS $$
DECLARE
    locked text[];
    department text;
    oldest timestamptz;
    wanted integer;
BEGIN
    IF current_setting('transaction_isolation') <> 'read committed' THEN
        RAISE EXCEPTION 'advance_queue_heads() must run in a READ COMMITTED transaction, not %',
            current_setting('transaction_isolation')
            USING ERRCODE = 'invalid_transaction_state';
    END IF;
    moved := 0;
    skipped := 0;
    SELECT count(*) INTO wanted
      FROM queue_heads AS h
     WHERE department_keys IS NULL OR h.department_key = ANY (department_keys);
    -- 0x48656164 ('Head'); V25's sequencer takes 0x51756575.
    IF NOT pg_try_advisory_xact_lock(1214603620) THEN
        skipped := wanted;
        RETURN;
    END IF;
    -- Step 1: hold every head it can; none that a writer holds, and wait for nothing.
    locked := ARRAY(SELECT h.department_key
                      FROM queue_heads AS h
                     WHERE department_keys IS NULL OR h.department_key = ANY (department_keys)
                     ORDER BY h.department_key
                       FOR UPDATE SKIP LOCKED);
    skipped := greatest(wanted - cardinality(locked), 0);
    -- Step 2, each a statement after step 1 (a newer snapshot): the oldest queued ts, searched from the current head
    -- (the invariant holds in this snapshot too, so nothing queued is older), and the head moved up to it.
    FOREACH department IN ARRAY locked LOOP
        IF department = '' THEN
            SELECT i.ts INTO oldest
              FROM inquiries AS i
             WHERE inquiry_is_queued(i.status) AND i.department_id IS NULL
               AND i.ts >= (SELECT h.head FROM queue_heads AS h WHERE h.department_key = '')
             ORDER BY i.ts
             LIMIT 1;
        ELSE
            SELECT i.ts INTO oldest
              FROM inquiries AS i
             WHERE inquiry_is_queued(i.status) AND i.department_id = department
               AND i.ts >= (SELECT h.head FROM queue_heads AS h WHERE h.department_key = department)
             ORDER BY i.ts
             LIMIT 1;
        END IF;
        IF NOT FOUND THEN
            oldest := 'infinity';
        END IF;
        UPDATE queue_heads AS h SET head = oldest WHERE h.department_key = department AND h.head < oldest;
        IF FOUND THEN
            moved := moved + 1;
        END IF;
    END LOOP;
END;
$$;

COMMENT ON FUNCTION advance_queue_heads(text[]) IS 'Raises the heads of these departments (all when NULL) to the oldest '
    'queued ts of each (infinity when none); skips heads a writer holds. READ COMMITTED only. Returns how many moved '
    'and how many it skipped.';
