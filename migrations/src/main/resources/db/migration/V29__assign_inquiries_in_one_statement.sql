-- The one assignment: "give inquiry I to agent A if I is still claimable", as a statement of its own that the take
-- uses now and that forwarding and routing will wrap. It checks nothing about the caller or the agent (whoever calls
-- it has decided those); it only refuses an inquiry that is no longer queued, and does so atomically: the UPDATE
-- re-checks the row's newest version after waiting for a concurrent assignment's lock, so of any number of
-- concurrent assignments of one inquiry exactly one returns it. It returns the assigned row, or no row.
SET LOCAL lock_timeout = '5s';

CREATE FUNCTION assign_inquiry(inquiry_id text, agent_id text) RETURNS SETOF inquiries
    LANGUAGE sql
    VOLATILE
    SET search_path = "${flyway:defaultSchema}"
AS $$
    UPDATE inquiries AS i
       SET status = 'taken', taken_by = assign_inquiry.agent_id, taken_at = now()
     WHERE i.id = assign_inquiry.inquiry_id
       AND inquiry_is_queued(i.status)
    RETURNING i.*;
$$;

COMMENT ON FUNCTION assign_inquiry(text, text) IS 'Gives the inquiry to the agent if it is still queued (taken, with '
    'taken_at now); returns the assigned row, or none when it is not queued any more.';
