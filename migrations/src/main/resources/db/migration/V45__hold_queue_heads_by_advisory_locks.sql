-- PostgreSQL 15 aborts an arrival with "new multixact has more than one updating member" (XX000, an internal error)
-- when arrivals lower one queue's head while others hold it and one of them rolls back: V31's writers held the head
-- row FOR KEY SHARE and then, in the same transaction, updated it, so the row's lockers became a multixact of
-- key-share lockers and updaters, and an updater that had just rolled back was still counted when the next updater
-- built its multixact. Reproduced without the service (bench/routing.sh's floors showed it since V31): a queue's head
-- at 'infinity', or an hour back, and four pgbench clients each inserting a queued chat (now, or up to two hours back)
-- and rolling back, 5 s: a client aborted by it in every try.
--
-- Same rule and same argument as V31's, with the hold taken elsewhere: a writer holds its queue's head by a shared
-- transaction-level advisory lock (pair 0x48656164 'Head', hashtext of the department key) from before it reads the
-- head until it ends, instead of a row lock, and the advancer takes the same lock exclusively, without waiting
-- (pg_try_advisory_xact_lock), instead of FOR UPDATE SKIP LOCKED. Shared and exclusive conflict as FOR KEY SHARE and
-- FOR UPDATE did, so a writer's hold and an advancer's never overlap; writers never conflict with each other's holds.
-- The head row itself then only ever carries the plain row lock of an UPDATE: writers lowering it at once wait for one
-- another's, and no multixact is made. Two departments whose keys hash alike share a lock: an advancer skips both
-- while either is held, which costs nothing but a later advance.
--
-- A writer in REPEATABLE READ or SERIALIZABLE reads the head with a snapshot that may predate an advancer's commit; it
-- still locks the row FOR KEY SHARE after its hold, and the advancer still locks the rows it advances FOR UPDATE,
-- which counts as a change of the row's key: such a writer then fails with 40001 instead of reading the old head
-- (V31's rule for such writers; the service runs such a transaction again). A first try without the advancer's row
-- lock let those writers read the old head through (QueueHeadsTest's race found pages missing chats). Only those
-- writers make key-share lockers; the service's own writers run in READ COMMITTED.
SET LOCAL lock_timeout = '5s';

CREATE OR REPLACE FUNCTION queue_heads_admit(department text, oldest timestamptz) RETURNS void
    LANGUAGE plpgsql
    SET search_path = "${flyway:defaultSchema}"
AS $$
DECLARE
    known timestamptz;
BEGIN
    PERFORM pg_advisory_xact_lock_shared(1214603620, hashtext(department));
    LOOP
        IF current_setting('transaction_isolation') = 'read committed' THEN
            SELECT h.head INTO known FROM queue_heads AS h WHERE h.department_key = department;
        ELSE
            SELECT h.head INTO known FROM queue_heads AS h WHERE h.department_key = department FOR KEY SHARE;
        END IF;
        IF FOUND THEN
            IF known > oldest THEN
                -- A statement of its own: the WHERE is checked again against a head another writer lowered meanwhile.
                UPDATE queue_heads AS h SET head = oldest WHERE h.department_key = department AND h.head > oldest;
            END IF;
            RETURN;
        END IF;
        INSERT INTO queue_heads (department_key, head) VALUES (department, oldest)
        ON CONFLICT (department_key) DO NOTHING;
        IF FOUND THEN
            RETURN;
        END IF;
        -- Another writer made the row since this statement's snapshot: look again.
    END LOOP;
END;
$$;

CREATE OR REPLACE FUNCTION advance_queue_heads(department_keys text[] DEFAULT NULL, OUT moved integer, OUT skipped integer)
    LANGUAGE plpgsql
    SET search_path = "${flyway:defaultSchema}"
AS $$
DECLARE
    candidates text[];
    locked text[] := '{}';
    department text;
    oldest timestamptz;
BEGIN
    IF current_setting('transaction_isolation') <> 'read committed' THEN
        RAISE EXCEPTION 'advance_queue_heads() must run in a READ COMMITTED transaction, not %',
            current_setting('transaction_isolation')
            USING ERRCODE = 'invalid_transaction_state';
    END IF;
    moved := 0;
    skipped := 0;
    candidates := ARRAY(SELECT h.department_key
                          FROM queue_heads AS h
                         WHERE department_keys IS NULL OR h.department_key = ANY (department_keys)
                         ORDER BY h.department_key);
    -- 0x48656164 ('Head'); V25's sequencer takes 0x51756575.
    IF NOT pg_try_advisory_xact_lock(1214603620) THEN
        skipped := cardinality(candidates);
        RETURN;
    END IF;
    -- Step 1: hold every head it can; none that a writer holds, and wait for nothing.
    FOREACH department IN ARRAY candidates LOOP
        IF pg_try_advisory_xact_lock(1214603620, hashtext(department)) THEN
            locked := locked || department;
        END IF;
    END LOOP;
    skipped := cardinality(candidates) - cardinality(locked);
    -- And the rows themselves FOR UPDATE (no writer holds them: a writer holds its head's lock while it holds the
    -- row). Not for the writers in READ COMMITTED, which read the head afresh after their hold; for those in
    -- REPEATABLE READ: FOR UPDATE marks the row's key as changed, so a key-share lock taken later with a snapshot
    -- from before this advance's commit fails with 40001 instead of reading the old head (a plain update of a
    -- non-key column would let that lock through).
    PERFORM 1 FROM queue_heads AS h WHERE h.department_key = ANY (locked) ORDER BY h.department_key FOR UPDATE;
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
